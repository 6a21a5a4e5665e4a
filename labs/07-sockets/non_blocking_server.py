"""A non-blocking echo server: one thread, many clients, with ``selectors``.

Follows the chapter's non-blocking socket server. With non-blocking sockets no call
waits: ``accept``, ``recv`` and ``send`` return at once, or raise
``BlockingIOError`` when there is nothing to do yet. A selector (epoll on Linux)
tells the one thread which sockets are ready, so it only ever calls what will not
block. Each client has an outgoing buffer: what we could not send yet waits there,
and the selector tells us when the client can take more.

Run it, then connect with ``nc 127.0.0.1 PORT`` from several terminals::

    python non_blocking_server.py              # a free port, printed at start
    python non_blocking_server.py --port 9001

The book's version did not work: ``settimeout(0.5)`` undid its ``setblocking(0)``, and
``listen`` was called in a busy loop while nothing was ever accepted. This one is
rewritten around ``selectors``; ``asyncio`` (see ``async_time_server.py``) is built on
the same mechanism.
"""

from __future__ import annotations

import selectors
import socket
import sys
from dataclasses import dataclass, field

from labkit import cli, server

BUFSIZE = 65536
MAX_PENDING = 1 << 20  # stop reading from a client that has 1 MiB of echo not taken yet


@dataclass
class Client:
    address: tuple
    outgoing: bytearray = field(default_factory=bytearray)
    finished: bool = False  # the client has sent EOF: close once everything is echoed


class EchoServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, verbose: bool = True):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.listener.bind((host, port))
            self.listener.listen(128)
        except OSError:
            self.listener.close()
            raise
        self.listener.setblocking(False)
        self.address = self.listener.getsockname()[:2]
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.listener, selectors.EVENT_READ, data=None)
        self.verbose = verbose

    def log(self, text: str) -> None:
        if self.verbose:
            print(text, flush=True)

    def accept(self) -> None:
        try:
            conn, address = self.listener.accept()
        except BlockingIOError:
            return  # another event took it, or the client gave up
        conn.setblocking(False)
        self.selector.register(conn, selectors.EVENT_READ, data=Client(address))
        self.log(f"Connection from {address[0]}:{address[1]}")

    def close(self, conn: socket.socket, client: Client, reason: str = "closed") -> None:
        self.selector.unregister(conn)
        conn.close()
        self.log(f"{client.address[0]}:{client.address[1]} {reason}")

    def service(self, conn: socket.socket, client: Client, mask: int) -> None:
        try:
            if mask & selectors.EVENT_READ:
                data = conn.recv(BUFSIZE)
                if data:
                    client.outgoing += data
                else:
                    client.finished = True
            if client.outgoing:
                sent = conn.send(client.outgoing)
                del client.outgoing[:sent]
        except BlockingIOError:
            pass  # not ready after all: the selector will tell us again
        except OSError as exc:
            self.close(conn, client, f"dropped: {cli.describe_error(exc)}")
            return
        if client.finished and not client.outgoing:
            self.close(conn, client)
            return
        events = 0
        if not client.finished and len(client.outgoing) < MAX_PENDING:
            events |= selectors.EVENT_READ
        if client.outgoing:
            events |= selectors.EVENT_WRITE
        self.selector.modify(conn, events, data=client)

    def serve(self, should_stop=lambda: False, poll: float = 0.5) -> None:
        """The event loop: wait for ready sockets and handle each; ``poll`` bounds a wait."""
        while not should_stop():
            for key, mask in self.selector.select(timeout=poll):
                if key.data is None:
                    self.accept()
                else:
                    self.service(key.fileobj, key.data, mask)

    def shutdown(self) -> None:
        for key in list(self.selector.get_map().values()):
            key.fileobj.close()
        self.selector.close()


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="A single-threaded non-blocking echo server.")
    cli.add_host_port(parser, "127.0.0.1", 0)
    parser.add_argument("--quiet", action="store_true", help="do not log connections")
    args = parser.parse_args(argv)
    try:
        echo = EchoServer(args.host, args.port, verbose=not args.quiet)
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    server.stop_on_sigterm()
    try:
        print(f"Asynchronous socket server launched on socket: {echo.address}", flush=True)
        server.announce(echo.address)
        echo.serve()
    except KeyboardInterrupt:
        pass
    finally:
        echo.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
