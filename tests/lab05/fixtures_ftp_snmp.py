"""FTP and SNMP fixtures for lab 05, built from the lab's own servers.

- ``ftp_server``: ``ftp_server.py``'s pyftpdlib server in a thread, on 127.0.0.1 port 0,
  serving a fresh copy of ``ftp_root/`` (plus an empty ``incoming/``) in the test's
  ``tmp_path``: anonymous read-only, ``student``/``secret`` read-write in /incoming.
  Yields ``host``, ``port``, ``root`` (the served folder).
- ``snmp_agent``: ``snmp_agent_server.py`` as a subprocess on a free UDP port, community
  ``public``, the fixed ``SYSTEM`` values. One agent for the whole session (it has no
  state a test could change). Yields ``host``, ``port``, ``community``, ``values``.

Names exported in ``__all__`` (the lab's conftest star-imports them).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import ftp_server as ftp_server_script  # labs/05-remote, on sys.path via conftest
import pytest
import snmp_agent_server

from labkit import lab_dir, testing

__all__ = ["ftp_server", "snmp_agent"]

FTP_USER, FTP_PASSWORD = "student", "secret"
TARBALL = "/pub/software/network/tftp/tftp-hpa-0.11.tar.gz"


@dataclass
class RunningFTP:
    host: str
    port: int
    root: Path


@pytest.fixture
def ftp_server(tmp_path) -> Iterator[RunningFTP]:
    """The lab's FTP server in a thread, for one test; stopped and joined at the end."""
    root = ftp_server_script.prepare_root(tmp_path / "ftp_root")
    server = ftp_server_script.make_server(root, "127.0.0.1", 0, FTP_USER, FTP_PASSWORD)
    stop = threading.Event()
    thread = threading.Thread(
        target=ftp_server_script.serve_until, args=(server, stop), daemon=True
    )
    thread.start()
    try:
        yield RunningFTP("127.0.0.1", server.address[1], root)
    finally:
        stop.set()
        thread.join(10)
        assert not thread.is_alive(), "the FTP server thread did not stop"


@dataclass
class RunningAgent:
    host: str
    port: int
    community: str
    values: dict[str, str]


@pytest.fixture(scope="session")
def snmp_agent() -> Iterator[RunningAgent]:
    """The lab's SNMP agent, started once for the session (a subprocess, always stopped)."""
    script = lab_dir("05") / "snmp_agent_server.py"
    with testing.start_script(script, "--port", "0", timeout=30) as agent:
        yield RunningAgent(agent.host, agent.port, "public", dict(snmp_agent_server.SYSTEM))
