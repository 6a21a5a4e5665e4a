"""Exercise 9: a TCP port forwarder in one thread, passing half-closes on both ways.

``tcp_forwarder.py`` relays each connection with two threads. Here a single thread
serves every client with a ``selectors`` loop. The ``Forwarder`` (listening socket,
loop, accept, command line) is provided: for each client it connects to the target and
creates a ``Relay`` whose sockets are non-blocking and registered for reading, with
the ``Relay`` itself as the key's data. The loop then calls
``relay.handle(sock, mask)`` whenever one of its sockets is ready.

Each direction (client -> target, target -> client) is a ``Direction``: a buffer of
bytes read from ``source`` and not yet written to ``destination``. Write
``Relay.handle`` (helpers of your own are welcome):

- readable: ``recv`` into the outgoing direction's buffer; ``b""`` is the source's
  end of file (``eof``);
- write what you can with ``send`` (not ``sendall``: it would block the one thread),
  keep the rest, and ask for ``EVENT_WRITE`` on the destination while bytes wait;
- when a direction has reached EOF and its buffer is empty, pass the EOF on with
  ``destination.shutdown(socket.SHUT_WR)`` (``done``): the other direction keeps
  going, so a client that half-closes still gets the whole reply, and a server that
  half-closes first still gets what the client sends afterwards;
- stop reading a side whose buffer holds ``HIGH_WATER`` bytes or more (a slow reader
  must not make the forwarder's memory grow without bound);
- when both directions are done, or on any ``OSError`` (a reset), ``close()``.

``want(sock, events)`` registers, modifies or unregisters a socket for you.

    python exercises/forwarder.py --port 9000 --target-port 12345

Graded (``pytest tests/lab07/test_ex9_forwarder.py``) against a target that reads
until EOF and then answers SHA-256 + data: a client that half-closes gets the reply
(also for an empty request); 1 MiB each way; ten clients at once without a single
new thread; a target that sends and half-closes first still receives what the client
sends after that; an unreachable target closes the client and the loop goes on; the
command line.
"""

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
        # TODO (exercise 9)
        raise NotImplementedError("exercise 9: write Relay.handle()")

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
