"""SSH/SFTP fixtures for lab 05: the lab's asyncssh server (``ssh_server.py``) in a thread.

- ``ssh_server``: a server on 127.0.0.1, port 0, user ``student`` / ``secret``, its SFTP
  folder in ``tmp_path`` (``test.txt`` and ``upload/``), a fresh Ed25519 host key;
- ``ssh_known_hosts``: a ``known_hosts`` file that pins that server's key;
- ``start_ssh_server``: a factory for more servers (another key on the same port: a
  "rotated" host key); every server it started is stopped at the end of the test.

The servers run ``ssh_server.start_server`` (the script's own code) on an event loop in a
background thread. Each one keeps the lines the script would print (logins, commands,
files opened) in ``server.events``.

Names exported in ``__all__`` (the lab's conftest star-imports them).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh
import paramiko
import pytest
import ssh_server as lab_ssh_server

USER, PASSWORD = "student", "secret"

__all__ = ["ssh_server", "ssh_known_hosts", "start_ssh_server"]


class _LoopThread:
    """An asyncio event loop running in a daemon thread; ``call`` runs a coroutine there."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def call(self, coro, timeout: float = 10):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        self.call(self._cancel_the_rest())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()

    @staticmethod
    async def _cancel_the_rest() -> None:
        tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


@dataclass
class SSHServerInfo:
    """A running lab SSH server."""

    host: str
    port: int
    root: Path
    user: str
    password: str
    host_key: asyncssh.SSHKey = field(repr=False)
    events: list[str] = field(default_factory=list)
    _stop: object = field(default=None, repr=False)

    @property
    def public_key(self) -> str:
        """The host key's public line without a host: ``ssh-ed25519 AAAA...``."""
        return lab_ssh_server.public_line(self.host_key)

    @property
    def fingerprint(self) -> str:
        return self.host_key.get_fingerprint()

    @property
    def known_hosts_line(self) -> str:
        """The ``known_hosts`` line that pins this server: ``[127.0.0.1]:PORT ssh-ed25519 ...``."""
        return f"[{self.host}]:{self.port} {self.public_key}"

    def write_known_hosts(self, path: Path) -> Path:
        path.write_text(self.known_hosts_line + "\n", encoding="utf-8")
        return path

    def paramiko_key(self) -> paramiko.PKey:
        return paramiko.hostkeys.HostKeyEntry.from_line(self.known_hosts_line).key

    def client(self, password: str | None = None) -> paramiko.SSHClient:
        """A paramiko client logged in as the user, the server's key pinned."""
        client = paramiko.SSHClient()
        client.set_missing_host_key_policy(paramiko.RejectPolicy())
        client.get_host_keys().add(
            f"[{self.host}]:{self.port}", self.host_key.get_algorithm(), self.paramiko_key()
        )
        try:
            client.connect(
                self.host,
                self.port,
                self.user,
                self.password if password is None else password,
                timeout=5,
                look_for_keys=False,
                allow_agent=False,
            )
        except BaseException:
            client.close()
            raise
        return client

    def stop(self) -> None:
        """Stop now (the fixture would at the end of the test anyway)."""
        if self._stop is not None:
            self._stop()
            self._stop = None


@pytest.fixture
def start_ssh_server(tmp_path_factory) -> Iterator:
    """``start_ssh_server(port=0, host_key=None, root=None) -> SSHServerInfo``."""
    runner = _LoopThread()
    running: list[SSHServerInfo] = []

    def start(port: int = 0, host_key=None, root: Path | None = None) -> SSHServerInfo:
        root = lab_ssh_server.seed_root(root or tmp_path_factory.mktemp("sftp"))
        host_key = host_key or asyncssh.generate_private_key("ssh-ed25519")
        events: list[str] = []
        settings = lab_ssh_server.Settings(USER, PASSWORD, root, log=events.append)
        acceptor = runner.call(lab_ssh_server.start_server(settings, "127.0.0.1", port, host_key))
        info = SSHServerInfo(
            "127.0.0.1", acceptor.get_port(), root, USER, PASSWORD, host_key, events
        )
        info._stop = lambda: runner.call(lab_ssh_server.stop_server(acceptor, settings))
        running.append(info)
        return info

    try:
        yield start
    finally:
        for info in running:
            info.stop()
        runner.close()


@pytest.fixture
def ssh_server(start_ssh_server, tmp_path) -> SSHServerInfo:
    """The lab server: student / secret, SFTP folder ``tmp_path/sftp``."""
    return start_ssh_server(root=tmp_path / "sftp")


@pytest.fixture
def ssh_known_hosts(ssh_server, tmp_path) -> Path:
    """A known_hosts file that pins ``ssh_server``'s key."""
    return ssh_server.write_known_hosts(tmp_path / "known_hosts")
