"""Exercise 2: recv_until_closed() and an HTTP/1.0 fetcher."""

import os
import socket
import threading

import pytest

from labkit import testing


class DribbleServer:
    """Answers one request per connection with ``reply``, ``segment`` bytes per send."""

    def __init__(self, reply: bytes, segment: int = 1):
        self.reply, self.segment = reply, segment
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
                break
            except TimeoutError:
                continue
            except OSError:
                return
        else:
            return  # the test ended without connecting
        with conn:
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conn.settimeout(10)
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                request += chunk
            self.request = request
            for i in range(0, len(self.reply), self.segment):
                conn.sendall(self.reply[i : i + self.segment])

    def close(self):
        self.stop.set()
        self.thread.join(10)
        self.listener.close()


def http_reply(body: bytes, status: str = "200 OK") -> bytes:
    return f"HTTP/1.0 {status}\r\nContent-Type: text/plain\r\n\r\n".encode() + body


@pytest.fixture
def dribble():
    servers = []

    def start(reply, segment=1):
        servers.append(DribbleServer(reply, segment))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.mark.points(2)
def test_recv_until_closed_one_byte_segments(exercise, dribble):
    module = exercise.load("http10_fetch.py")
    reply = http_reply(b"tiny pieces " * 50)
    server = dribble(reply, segment=1)
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"GET / HTTP/1.0\r\n\r\n")
        assert module.recv_until_closed(sock) == reply


@pytest.mark.points(2)
def test_fetch_a_100_kb_body(exercise, dribble):
    module = exercise.load("http10_fetch.py")
    body = os.urandom(100_000)
    server = dribble(http_reply(body), segment=997)
    assert module.fetch("127.0.0.1", server.port, "/big", timeout=5) == body
    assert server.request.startswith(b"GET /big HTTP/1.0\r\n")


@pytest.mark.points(1)
def test_a_404_raises(exercise, dribble):
    module = exercise.load("http10_fetch.py")
    server = dribble(http_reply(b"not here", "404 Not Found"), segment=100)
    with pytest.raises(module.HTTPStatusError):
        module.fetch("127.0.0.1", server.port, "/", timeout=5)


@pytest.mark.points(1)
def test_the_command_line(exercise, dribble):
    body = b"line one\nline two\n" * 3000
    server = dribble(http_reply(body), segment=1000)
    script = exercise.path("http10_fetch.py")
    result = testing.run_script(script, "--port", str(server.port))
    assert result.returncode == 0, result.stderr
    assert result.stdout.encode() == body
    result = testing.run_script(script, "--port", str(testing.closed_port()))
    assert "connection refused" in testing.assert_one_line_error(result, 1)
