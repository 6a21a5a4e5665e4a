"""Fixtures for lab 08: chat servers in subprocesses, connected chat clients, /proc stats."""

import contextlib
import re
import sys
from pathlib import Path

import pytest

from labkit import lab_dir
from tincanchat.testkit import ChatClient, start_server_subprocess

LAB = lab_dir("08")
sys.path.insert(0, str(LAB))  # so tests can import the lab's scripts by name

from chat_load import process_stats  # noqa: E402

#: The four architectures of the chapter, as worked examples.
SERVERS = {
    "threads": LAB / "chat_server_multithread.py",
    "selectors": LAB / "chat_server_selectors.py",
    "eventlet": LAB / "chat_server_eventlet.py",
    "asyncio": LAB / "chat_server_asyncio.py",
}
TIMEOUT = 5


class ChatServer:
    """A chat server running in a subprocess, with helpers to read its log."""

    def __init__(self, proc, port: int) -> None:
        self.proc, self.port = proc, port
        self.pid = proc.proc.pid
        self.clients: list[ChatClient] = []
        self.stderr: str | None = None
        self.returncode: int | None = None

    def log_line(self, pattern: str, timeout: float = TIMEOUT) -> str:
        """The first log line (stdout) matching ``pattern``, waiting for it if need be."""
        regex = re.compile(pattern)
        for line in self.proc.lines:
            if regex.search(line):
                return line
        return self.proc.wait_for_line(regex, timeout).string

    def wait_connected(self, client: ChatClient, timeout: float = TIMEOUT) -> None:
        """Wait until the server has registered ``client`` (its "Connection from" line)."""
        self.log_line(rf"^Connection from {re.escape(repr(client.addr))}$", timeout)

    def wait_left(self, client_addr: tuple, reason: str = "", timeout: float = TIMEOUT) -> str:
        return self.log_line(rf"^Client {re.escape(repr(client_addr))} {reason}", timeout)

    def connect(self, count: int = 1, timeout: float = TIMEOUT) -> list[ChatClient]:
        """``count`` new clients, each registered by the server before this returns."""
        new = [ChatClient("127.0.0.1", self.port, timeout=timeout) for _ in range(count)]
        self.clients += new
        for client in new:
            self.wait_connected(client)
        return new

    def alive(self) -> bool:
        return self.proc.proc.poll() is None

    def stats(self) -> dict:
        return process_stats(self.pid)

    def stop(self) -> str:
        """Close the clients, stop the server (SIGTERM); return what it wrote on stderr."""
        for client in self.clients:
            client.close()
        if self.stderr is None:
            self.returncode = self.proc.stop()
            self.stderr = self.proc.stderr_text()
        return self.stderr


@pytest.fixture(params=list(SERVERS))
def kind(request) -> str:
    """Each of the four architectures in turn."""
    return request.param


@pytest.fixture
def start_chat_server():
    """Start chat servers (script, *args) on port 0; all stopped, stderr checked, after."""
    started: list[tuple[ChatServer, contextlib.ExitStack]] = []

    def start(script: Path, *args: str, env: dict[str, str] | None = None) -> ChatServer:
        stack = contextlib.ExitStack()
        proc, port = stack.enter_context(start_server_subprocess([script, *args], env=env))
        server = ChatServer(proc, port)
        started.append((server, stack))
        return server

    yield start
    problems = []
    for server, stack in started:
        stderr = server.stop()
        stack.close()
        if "Traceback" in stderr:
            problems.append(stderr)
    assert not problems, "a server printed a traceback:\n" + "\n".join(problems)
