"""Helpers shared by lab 07's tests (a module of its own: conftest is not importable)."""

import hashlib
import socket
import threading


class EchoUntilEOF:
    """A threaded target server: reads everything until EOF, then replies with the
    SHA-256 of what it got followed by the data itself, then closes."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def handle(self, conn):
        with conn:
            conn.settimeout(10)
            data = b""
            while chunk := conn.recv(65536):
                data += chunk
            conn.sendall(hashlib.sha256(data).digest() + data)

    def serve(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self.handle, args=(conn,), daemon=True).start()

    def close(self):
        self.stop.set()
        self.thread.join(5)
        self.listener.close()


def round_trip(port: int, payload: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(payload)
        sock.shutdown(socket.SHUT_WR)  # EOF must reach the target through the forwarder
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    return reply


def check(reply: bytes, payload: bytes) -> None:
    assert reply[:32] == hashlib.sha256(payload).digest()
    assert reply[32:] == payload


class Worker(threading.Thread):
    """A daemon thread that keeps its exception instead of printing it.

    An exception escaping a thread is formatted by pytest at once, possibly while the
    main thread formats its own failure; on Python 3.11 two threads parsing source at
    the same time can crash pytest ("AST constructor recursion depth mismatch").
    """

    def __init__(self, target, *args):
        super().__init__(daemon=True)
        self._work, self._args = target, args
        self.error: BaseException | None = None

    def run(self):
        try:
            self._work(*self._args)
        except BaseException as exc:
            self.error = exc

    def finish(self, timeout: float = 10) -> None:
        """Join, and re-raise in the caller the exception the work ended with."""
        self.join(timeout)
        if self.error is not None:
            raise self.error
