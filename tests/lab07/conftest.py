"""Fixtures for lab 07: certificates and stand-in servers (failure cases: tests/conftest.py)."""

import shutil
import socket
import sys
import threading
import warnings

import pytest

from labkit import lab_dir

LAB = lab_dir("07")
sys.path.insert(0, str(LAB))  # so tests can import the lab's scripts by name

from make_certs import make_certs  # noqa: E402

from .lab07_helpers import EchoUntilEOF  # noqa: E402

with warnings.catch_warnings():  # pyftpdlib imports asyncore/asynchat, deprecated on 3.11
    warnings.simplefilter("ignore", DeprecationWarning)
    from tunnel_servers import FTPServerThread, SSHGateway
from web_fixture import WebFixture  # noqa: E402

PASSWORD = "tunnel-test-password"


@pytest.fixture(scope="session")
def certs(tmp_path_factory):
    """A lab CA and certificates (make_certs.py), once per run: name -> path."""
    folder = tmp_path_factory.mktemp("certs")
    return {path.name: path for path in make_certs(folder, ["localhost", "127.0.0.1"])}


@pytest.fixture
def silent_udp_port():
    """A bound UDP socket that never answers: the "no reply" case."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@pytest.fixture
def web():
    with WebFixture() as running:
        yield running


@pytest.fixture
def ftp_server():
    with FTPServerThread(password=PASSWORD) as running:
        yield running


@pytest.fixture
def ssh_gateway():
    with SSHGateway(password=PASSWORD) as running:
        yield running


@pytest.fixture
def unknown_host(monkeypatch):
    """Make every name lookup in this process fail like ``x.invalid``, without asking DNS."""

    def getaddrinfo(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def need_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} not installed: sudo apt-get install {name}")
    return path


@pytest.fixture
def target():
    """A target server: reads until EOF, answers SHA-256(data) + data, closes."""
    server = EchoUntilEOF()
    yield server
    server.close()


@pytest.fixture
def echo_target():
    """non_blocking_server.EchoServer's loop in one background thread: yields its port."""
    from non_blocking_server import EchoServer

    server = EchoServer("127.0.0.1", 0, verbose=False)
    stop = threading.Event()
    thread = threading.Thread(target=server.serve, args=(stop.is_set, 0.05), daemon=True)
    thread.start()
    yield server.address[1]
    stop.set()
    thread.join(5)
    server.shutdown()
