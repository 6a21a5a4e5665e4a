"""Exercise 9: a TCP port forwarder in one thread, with half-close (reference solution)."""

from __future__ import annotations

import selectors
import socket
import sys
from collections.abc import Callable

from labkit import cli, server

BUFSIZE = 65536
HIGH_WATER = 4 * BUFSIZE  # stop reading a side while this much waits to be written


class Direction:
    """Bytes on their way from ``source`` to ``destination``."""

    def __init__(self, source: socket.socket, destination: socket.socket) -> None:
        self.source, self.destination = source, destination
        self.buffer = bytearray()
        self.eof = False  # source sent its end of file
        self.done = False  # ... and it was passed on with shutdown(SHUT_WR)


class Relay:
    """One client and its connection to the target, driven by the forwarder's selector."""

    def __init__(
        self, selector: selectors.BaseSelector, client: socket.socket, upstream: socket.socket
    ) -> None:
        self.selector = selector
        self.client, self.upstream = client, upstream
        self.up = Direction(client, upstream)
        self.down = Direction(upstream, client)
        self.closed = False
        for sock in (client, upstream):
            sock.setblocking(False)
            selector.register(sock, selectors.EVENT_READ, self)

    def handle(self, sock: socket.socket, mask: int) -> None:
        """Called by the loop when ``sock`` is readable and/or writable."""
        outgoing = self.up if sock is self.client else self.down
        incoming = self.down if sock is self.client else self.up
        try:
            if mask & selectors.EVENT_READ and not outgoing.eof:
                self.read(outgoing)
            if mask & selectors.EVENT_WRITE:
                self.write(incoming)
        except OSError:
            self.close()  # a reset on either side ends both
            return
        if self.up.done and self.down.done:
            self.close()
        else:
            self.update()

    def read(self, direction: Direction) -> None:
        try:
            data = direction.source.recv(BUFSIZE)
        except BlockingIOError:
            return
        if data:
            direction.buffer += data
        else:
            direction.eof = True
        self.write(direction)

    def write(self, direction: Direction) -> None:
        if direction.buffer:
            try:
                sent = direction.destination.send(direction.buffer)
            except BlockingIOError:
                sent = 0
            del direction.buffer[:sent]
        if direction.eof and not direction.buffer and not direction.done:
            direction.destination.shutdown(socket.SHUT_WR)  # pass the end of file on
            direction.done = True

    def update(self) -> None:
        """Register each socket for what it is waiting for now."""
        for sock, outgoing, incoming in (
            (self.client, self.up, self.down),
            (self.upstream, self.down, self.up),
        ):
            events = 0
            if not outgoing.eof and len(outgoing.buffer) < HIGH_WATER:
                events |= selectors.EVENT_READ
            if incoming.buffer:
                events |= selectors.EVENT_WRITE
            self.want(sock, events)

    def want(self, sock: socket.socket, events: int) -> None:
        """Ask the selector for ``events`` on ``sock`` (0: nothing, unregister it)."""
        if not events:
            if self.registered(sock):
                self.selector.unregister(sock)
        elif self.registered(sock):
            self.selector.modify(sock, events, self)
        else:
            self.selector.register(sock, events, self)

    def registered(self, sock: socket.socket) -> bool:
        try:
            self.selector.get_key(sock)
        except KeyError:
            return False
        return True

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        for sock in (self.client, self.upstream):
            if self.registered(sock):
                self.selector.unregister(sock)
            sock.close()


class Forwarder:
    """Listen on (host, port); relay every client to ``target``, all in one thread."""

    def __init__(self, host: str, port: int, target: tuple[str, int], timeout: float = 5.0):
        self.listener = socket.create_server((host, port))
        self.listener.setblocking(False)
        self.address = self.listener.getsockname()[:2]
        self.target, self.timeout = target, timeout
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.listener, selectors.EVENT_READ, None)

    def accept(self) -> None:
        client, address = self.listener.accept()
        try:
            upstream = socket.create_connection(self.target, timeout=self.timeout)
        except OSError as exc:
            client.close()
            print(
                f"{address[0]}:{address[1]}: cannot reach the target: {cli.describe_error(exc)}",
                flush=True,
            )
            return
        Relay(self.selector, client, upstream)

    def serve(self, should_stop: Callable[[], bool] = lambda: False, poll: float = 0.05) -> None:
        """The event loop: accept new clients, hand every other event to its Relay."""
        while not should_stop():
            for key, mask in self.selector.select(poll):
                if key.data is None:
                    try:
                        self.accept()
                    except BlockingIOError:
                        pass
                else:
                    key.data.handle(key.fileobj, mask)

    def close(self) -> None:
        for key in list(self.selector.get_map().values()):
            if key.data is not None:
                key.data.close()
        self.selector.close()
        self.listener.close()


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Forward a local TCP port to another address.")
    cli.add_host_port(parser, "127.0.0.1", 9000)
    parser.add_argument("--target-host", default="127.0.0.1", help="default: 127.0.0.1")
    parser.add_argument("--target-port", type=cli.port_number, required=True, help="where to relay")
    cli.add_timeout(parser, default=5.0)
    args = parser.parse_args(argv)
    try:
        forwarder = Forwarder(
            args.host, args.port, (args.target_host, args.target_port), args.timeout
        )
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    server.stop_on_sigterm()
    try:
        server.announce(forwarder.address)
        forwarder.serve()
    except KeyboardInterrupt:
        pass
    finally:
        forwarder.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
