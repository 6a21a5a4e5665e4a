"""Helpers shared by lab 07's tests (a module of its own: conftest is not importable)."""

import hashlib
import select
import socket
import threading


class EchoUntilEOF:
    """A threaded target server: reads everything until EOF, then replies with the
    SHA-256 of what it got followed by the data itself, then closes. ``handlers`` lists
    the thread started for each connection (appended once the thread runs)."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.handlers: list[threading.Thread] = []
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
            handler = threading.Thread(target=self.handle, args=(conn,), daemon=True)
            handler.start()
            self.handlers.append(handler)

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


class LossyUDPProxy:
    """A UDP proxy on 127.0.0.1:0 in front of ``server_port`` that misbehaves on purpose.

    Datagrams from the client are forwarded to the server and the server's answers go
    back to the client (the last address heard from). Deterministically, per direction:
    every ``drop_up``-th datagram towards the server and every ``drop_down``-th towards
    the client is dropped; every ``dup_up``-th / ``dup_down``-th one that is forwarded is
    sent twice. ``counts`` records what happened, for the tests' assertions.
    """

    def __init__(self, server_port, drop_up=2, drop_down=3, dup_up=3, dup_down=4):
        self.server = ("127.0.0.1", server_port)
        self.front = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.front.bind(("127.0.0.1", 0))
        self.back = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.back.bind(("127.0.0.1", 0))
        self.port = self.front.getsockname()[1]
        self.rules = {"up": (drop_up, dup_up), "down": (drop_down, dup_down)}
        self.counts = {"up": 0, "down": 0, "dropped": 0, "duplicated": 0}
        self.client = None
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def forward(self, direction, data, sock, address):
        self.counts[direction] += 1
        n = self.counts[direction]
        drop, dup = self.rules[direction]
        if drop and n % drop == 0:
            self.counts["dropped"] += 1
            return
        copies = 2 if dup and n % dup == 0 else 1
        self.counts["duplicated"] += copies - 1
        for _ in range(copies):
            sock.sendto(data, address)

    def run(self):
        while not self.stop.is_set():
            ready, _, _ = select.select([self.front, self.back], [], [], 0.05)
            for sock in ready:
                try:
                    data, address = sock.recvfrom(65535)
                except OSError:
                    continue
                if sock is self.front:
                    self.client = address
                    self.forward("up", data, self.back, self.server)
                elif self.client is not None:
                    self.forward("down", data, self.front, self.client)

    def close(self):
        self.stop.set()
        self.thread.join(5)
        self.front.close()
        self.back.close()
