"""Fixtures for lab 02's streaming scripts and exercises 7-10: the keep-alive stream server.

conftest.py imports the fixtures, so every test of the lab can use them.
"""

from __future__ import annotations

import functools
import socket
import sys
import threading

import pytest

from labkit import lab_dir

LAB = lab_dir("02")
if str(LAB) not in sys.path:
    sys.path.insert(0, str(LAB))  # so tests can import the lab's scripts by name

import stream_server as stream_server_module  # noqa: E402
from stream_server import StreamServer  # noqa: E402

MiB = 1 << 20


@pytest.fixture
def stream_server(monkeypatch):
    """stream_server.py's server on 127.0.0.1, port 0, fresh for each test (count at 0).

    ``NO_PROXY=*`` for the test, so a plain ``requests.get`` cannot go through a proxy.
    """
    monkeypatch.setenv("NO_PROXY", "*")
    monkeypatch.setenv("no_proxy", "*")
    with StreamServer() as server:
        yield server


@functools.cache
def body_sha256(size: int, seed: int = 0) -> str:
    """SHA-256 of ``/bytes/size?seed=seed`` (cached: a 256 MiB body takes a while)."""
    return stream_server_module.body_sha256(size, seed)


def body(size: int, seed: int = 0) -> bytes:
    return stream_server_module.body(size, seed)


@pytest.fixture
def truncating_port():
    """A server that promises 100,000 bytes (Content-Length), sends 10 and hangs up."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    conn.recv(65536)
                    conn.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                        b"Content-Length: 100000\r\n\r\n0123456789"
                    )
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(2)
        listener.close()
