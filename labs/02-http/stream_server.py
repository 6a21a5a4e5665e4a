"""A keep-alive HTTP/1.1 server for the streaming examples, and a connection counter.

The lab's other web server (``lab_web.py``, on Werkzeug's development server) closes
the connection after every response, so it cannot show connection reuse. This one is
the standard library's ``ThreadingHTTPServer`` speaking HTTP/1.1: a connection stays
open for as many requests as the client sends on it, every response carries a
``Content-Length`` (or is chunked), and the server counts the TCP connections it
accepts. It serves:

``/bytes/N?seed=S``
    N bytes of pseudo-random data, the same for the same seed (big-download examples,
    exercises 7 and 8). ``Range: bytes=START-`` (or ``START-END``) gets a
    ``206 Partial Content`` with ``Content-Range``; a range that cannot be satisfied gets
    416. ``&ranges=0`` makes the server ignore ``Range`` and answer 200 (an old server).
``/chunks?n=3&delay=0.2``
    ``Transfer-Encoding: chunked``: one chunk ``chunk-<i>\\n`` every ``delay`` seconds,
    each sent as soon as it is made (the long-polling example, doc 003).
``/chunks/custom``
    four chunks of 1, 7, 4096 and 3 bytes, each with a chunk extension ``;seq=<i>``,
    then a trailer header (exercise 9). Tests can make it pause after the first chunk.
``/hello``, ``/headers``, ``/cookies/set?name=value``, ``/connections``
    a short text; the request headers as JSON; Set-Cookie for each query parameter;
    ``{"connections": N}``, the connections accepted so far (this request's included).

Run it and leave it running while you work through the streaming steps::

    python stream_server.py                 # http://127.0.0.1:8003/
    python stream_server.py --port 0 --quiet

Tests import :class:`StreamServer`, the same server in a background thread on port 0,
with its request log and connection count.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from labkit import cli, server

DEFAULT_PORT = 8003
BLOCK = 64 * 1024  # the body generator works in blocks of this size
MAX_SIZE = 1 << 40  # /bytes/N accepts N up to 1 TiB (nothing is kept in memory)
MAX_CHUNKS = 1000
MAX_DELAY = 10.0
GATE_TIMEOUT = 10.0  # /chunks/custom never waits longer than this for a paused test

# Exercise 9's chunks: 1, 7, 4096 and 3 bytes. The big one holds CRLFs and a "0" line
# so that a parser which splits the stream on lines instead of sizes goes wrong.
CUSTOM_CHUNKS = [
    b"A",
    b"7 bytes",
    (b"chunk data, CRLF and a fake end: \r\n0\r\n\r\n" * 120)[:4096],
    b"end",
]
CUSTOM_TRAILER = ("X-Chunk-Count", str(len(CUSTOM_CHUNKS)))


# --- the deterministic body -----------------------------------------------------------


def block(seed: int, index: int) -> bytes:
    """Block ``index`` of the body for ``seed``: BLOCK bytes from a seeded PRNG.

    Every block has its own generator, seeded with ``"seed/index"``, so the server can
    start anywhere in the body (a Range request) without generating what comes before.
    """
    return random.Random(f"{seed}/{index}").randbytes(BLOCK)


def iter_body(size: int, seed: int = 0, start: int = 0, end: int | None = None):
    """Yield bytes ``start`` … ``end - 1`` of the ``size``-byte body for ``seed``."""
    end = size if end is None else min(end, size)
    position = start
    while position < end:
        index, offset = divmod(position, BLOCK)
        piece = block(seed, index)[offset : offset + end - position]
        yield piece
        position += len(piece)


def body(size: int, seed: int = 0) -> bytes:
    """The whole body at once (for small sizes in tests)."""
    return b"".join(iter_body(size, seed))


def body_sha256(size: int, seed: int = 0, start: int = 0) -> str:
    """SHA-256 of the body (from ``start``), computed block by block."""
    digest = hashlib.sha256()
    for piece in iter_body(size, seed, start):
        digest.update(piece)
    return digest.hexdigest()


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """``bytes=START-`` or ``bytes=START-END`` -> (start, end exclusive); None if unusable."""
    match = re.fullmatch(r"\s*bytes=(\d+)-(\d*)\s*", header)
    if not match:
        return None
    start = int(match.group(1))
    end = int(match.group(2)) + 1 if match.group(2) else size
    if start >= size or end <= start:
        return None
    return start, min(end, size)


# --- the server ---------------------------------------------------------------------


@dataclass
class Record:
    """One request as the server received it, and what it sent back."""

    client: tuple[str, int]  # (address, port): the same port means the same connection
    connection: int  # 1, 2, 3 … in the order the server accepted connections
    method: str
    path: str
    headers: dict[str, str]
    status: int | None = None
    sent: int = 0  # body bytes written


class StreamHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep the connection open between requests
    timeout = 30  # an idle keep-alive connection is dropped after this many seconds
    server: StreamHTTPServer

    def version_string(self) -> str:
        return "stream-server/1.0"

    def setup(self) -> None:
        super().setup()
        self.connection_number = self.server.count_connection()

    def log_message(self, format: str, *args) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)

    # --- dispatch

    def do_GET(self) -> None:
        self._dispatch(head=False)

    def do_HEAD(self) -> None:
        self._dispatch(head=True)

    def _dispatch(self, head: bool) -> None:
        self.record = Record(
            client=self.client_address[:2],
            connection=self.connection_number,
            method=self.command,
            path=self.path,
            headers=dict(self.headers.items()),
        )
        self.server.add_record(self.record)
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        self.head = head
        if url.path.startswith("/bytes/"):
            self.send_bytes(url.path.removeprefix("/bytes/"), query)
        elif url.path == "/chunks" and not head:
            self.send_slow_chunks(query)
        elif url.path == "/chunks/custom" and not head:
            self.send_custom_chunks()
        elif url.path == "/hello":
            self.send_text(200, "hello\n")
        elif url.path == "/headers":
            self.send_json(dict(self.headers.items()))
        elif url.path == "/connections":
            self.send_json({"connections": self.server.connections})
        elif url.path == "/cookies/set":
            cookies = [f"{name}={value}; Path=/" for name, value in query.items()]
            self.send_text(200, f"set {len(cookies)} cookies\n", cookies)
        else:
            self.send_text(404, f"not found: {url.path}\n")

    # --- simple responses

    def send_text(self, status: int, text: str, cookies=(), extra=()) -> None:
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for cookie in cookies:
            self.send_header("Set-Cookie", cookie)
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self._write(data)

    def send_json(self, value) -> None:
        data = (json.dumps(value, indent=1) + "\n").encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self._write(data)

    def send_response(self, code: int, message: str | None = None) -> None:
        self.record.status = code
        super().send_response(code, message)

    def _write(self, data: bytes) -> None:
        if not self.head:
            # Counted before the write, so a client that has the bytes sees them counted.
            self.record.sent += len(data)
            self.wfile.write(data)

    # --- /bytes/N: a big body with Content-Length, and Range

    def send_bytes(self, size_text: str, query: dict[str, str]) -> None:
        seed_text = query.get("seed", "0")
        if not (size_text.isdigit() and seed_text.isdigit()) or int(size_text) > MAX_SIZE:
            self.send_text(400, f"bad size or seed: /bytes/{size_text}?seed={seed_text}\n")
            return
        size, seed = int(size_text), int(seed_text)
        start, end, status = 0, size, 200
        range_header = self.headers.get("Range")
        if range_header and query.get("ranges") != "0":
            wanted = parse_range(range_header, size)
            if wanted is None:
                unsatisfiable = [("Content-Range", f"bytes */{size}")]
                self.send_text(416, f"cannot satisfy {range_header}\n", extra=unsatisfiable)
                return
            (start, end), status = wanted, 206
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(end - start))
        self.send_header("Accept-Ranges", "bytes")
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end - 1}/{size}")
        self.end_headers()
        for piece in iter_body(size, seed, start, end):
            self._write(piece)

    # --- chunked bodies

    def _start_chunked(self, trailer: str | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Transfer-Encoding", "chunked")
        if trailer:
            self.send_header("Trailer", trailer)
        self.end_headers()

    def _write_chunk(self, data: bytes, extension: str = "") -> None:
        # One write per chunk: size line, data, CRLF. wfile is unbuffered, so the chunk
        # leaves at once; that is what lets a client see it before the next one exists.
        self.record.sent += len(data)  # counted first, as in _write()
        self.wfile.write(f"{len(data):x}{extension}\r\n".encode() + data + b"\r\n")

    def send_slow_chunks(self, query: dict[str, str]) -> None:
        try:
            count = int(query.get("n", "3"))
            delay = float(query.get("delay", "0.2"))
        except ValueError:
            count, delay = -1, -1.0
        if not (0 <= count <= MAX_CHUNKS and 0 <= delay <= MAX_DELAY):
            self.send_text(400, f"n must be 0-{MAX_CHUNKS} and delay 0-{MAX_DELAY:g} seconds\n")
            return
        self._start_chunked()
        for i in range(count):
            if i:
                time.sleep(delay)
            self._write_chunk(f"chunk-{i}\n".encode())
        self.wfile.write(b"0\r\n\r\n")

    def send_custom_chunks(self) -> None:
        name, value = CUSTOM_TRAILER
        self._start_chunked(trailer=name)
        for i, data in enumerate(CUSTOM_CHUNKS):
            if i:
                self.server.chunk_gate.wait(GATE_TIMEOUT)  # a test may hold us here
            self.server.custom_chunks_sent += 1  # counted first, as in _write()
            self._write_chunk(data, extension=f";seq={i}")
        self.wfile.write(f"0\r\n{name}: {value}\r\n\r\n".encode())


class StreamHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, *, quiet: bool = False):
        self.quiet = quiet
        self.lock = threading.Lock()
        self.connections = 0
        self.log: list[Record] = []
        self.chunk_gate = threading.Event()
        self.chunk_gate.set()
        self.custom_chunks_sent = 0
        super().__init__(address, StreamHandler)

    def count_connection(self) -> int:
        with self.lock:
            self.connections += 1
            return self.connections

    def add_record(self, record: Record) -> None:
        with self.lock:
            self.log.append(record)

    def handle_error(self, request, client_address) -> None:
        # A client that hangs up mid-body (Ctrl-C, a test's early close) is not our error.
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class StreamServer:
    """The server in a background thread, for tests::

    with StreamServer() as s:
        requests.get(s.url + "/hello", timeout=5)
        s.connection_count(), s.log[-1].headers
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, quiet: bool = True):
        self.httpd = StreamHTTPServer((host, port), quiet=quiet)
        self.host = host
        self.port = self.httpd.server_address[1]
        self.url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def log(self) -> list[Record]:
        return self.httpd.log

    def connection_count(self) -> int:
        return self.httpd.connections

    def requests_to(self, prefix: str) -> list[Record]:
        """The logged requests whose path starts with ``prefix``."""
        with self.httpd.lock:
            return [r for r in self.httpd.log if r.path.startswith(prefix)]

    # /chunks/custom pauses before its second chunk while the gate is closed.
    def hold_chunks(self) -> None:
        self.httpd.chunk_gate.clear()

    def release_chunks(self) -> None:
        self.httpd.chunk_gate.set()

    @property
    def custom_chunks_sent(self) -> int:
        return self.httpd.custom_chunks_sent

    def __enter__(self) -> StreamServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release_chunks()
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(5)


def parse_args(argv):
    parser = cli.ArgumentParser(description="A keep-alive HTTP/1.1 server for streaming.")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        httpd = StreamHTTPServer((args.host, args.port), quiet=args.quiet)
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    return server.serve_until_stopped(httpd)


if __name__ == "__main__":
    sys.exit(main())
