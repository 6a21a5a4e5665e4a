"""Exercise 7, reference solution: the worked example ``chat_server_selectors.py`` of the lab.

An event-driven chat server: one thread, non-blocking sockets and ``selectors``
(chapter 8, "Event-driven servers" and "A low-level event-driven chat server").

Instead of a thread blocked on each socket, one loop asks the operating system which
sockets are ready (``selector.select()``) and does only what cannot block: ``accept``
on the listening socket, one ``recv`` on a readable client, ``send`` as much as fits on
a writable one. Each client is a small object holding its socket, its ``Framer`` (the
bytes of an unfinished message) and its *outbox*, the bytes waiting to be sent. To
broadcast, the server appends the line to every outbox and asks to be told when each
socket becomes writable (``EVENT_WRITE``); when an outbox is empty again it goes back to
``EVENT_READ`` only. Everything runs in one thread, so no locks are needed.

**The book's version** uses ``select.poll`` directly: it registers each socket with
``POLLIN``; on ``POLLHUP``/``POLLERR``/``POLLNVAL`` it drops the client; on ``POLLIN`` it
reads; a broadcast appends to each client's ``deque`` and re-registers the socket for
``POLLOUT``; on ``POLLOUT`` it sends. ``selectors.DefaultSelector`` is the portable
wrapper over the same idea: epoll on Linux, kqueue on BSD and macOS, plain ``select`` on
Windows, which has no ``poll``. Registering a socket again *replaces* its event mask,
which is why the book's re-registering for ``POLLOUT`` alone stopped it reading a client
until that client's queue was empty; here a client is watched for ``READ | WRITE``.

Fixed from the book's poll server:

* it never decoded messages, so the wire carried ``('127.0.0.1', 45580): b'hi'``;
* a client that closed in the same ``poll()`` batch as another client's message
  crashed the whole server (``ValueError: file descriptor cannot be a negative integer``)
  because the broadcast re-registered the closed socket. Here a closed client leaves
  the set of clients at once, and each event carries its client object, so a stale
  event for a closed client is skipped;
* no ``try`` around ``recv``/``send``: a reset killed the server; HUP/ERR sockets were
  never closed; an unbounded queue per client.

It follows the same rules as ``chat_server_multithread.py`` (its docstring has them):
the sender gets its own copy, a client more than ``--max-queue`` bytes behind is
dropped, bad input costs only the sender its connection.

    python chat_server_selectors.py           # Listening on 127.0.0.1:4040
"""

import selectors
import socket
import sys
import time
from collections import deque

import tincanchat
from labkit import cli, server
from tincanchat.policy import (
    MAX_QUEUE,
    MAX_RATE,
    RateLimit,
    add_server_options,
    check_server_options,
    shown,
)

READ, WRITE = selectors.EVENT_READ, selectors.EVENT_WRITE


class Client:
    """One connection and its state between two events."""

    def __init__(self, sock: socket.socket, addr: tuple, max_size: int, max_rate: int) -> None:
        self.sock, self.addr = sock, addr
        self.framer = tincanchat.Framer(max_size)
        self.limit = RateLimit(max_rate)
        self.outbox: deque[bytes | memoryview] = deque()
        self.queued = 0  # bytes in outbox
        self.paused_until = 0.0  # not read before this time: it sent too fast
        self.closing: str | None = None  # set after the client's FIN: flush, then close
        self.closed = False
        self.events = 0  # what the selector watches for now


class ChatServer:
    def __init__(
        self,
        listen_sock: socket.socket,
        max_size: int = tincanchat.MAX_MSG,
        max_queue: int = MAX_QUEUE,
        max_rate: int = MAX_RATE,
    ) -> None:
        self.max_size, self.max_queue, self.max_rate = max_size, max_queue, max_rate
        self.clients: set[Client] = set()  # the clients that get broadcasts
        self.paused: set[Client] = set()  # the clients not read for a while
        self.selector = selectors.DefaultSelector()
        listen_sock.setblocking(False)
        self.selector.register(listen_sock, READ, data=None)

    def serve_forever(self) -> None:
        while True:
            timeout = None  # wait for ever, unless a paused client is due before
            if self.paused:
                timeout = max(0.0, min(c.paused_until for c in self.paused) - time.monotonic())
            for key, events in self.selector.select(timeout):
                if key.data is None:
                    self.accept(key.fileobj)
                    continue
                client = key.data  # the object, not the fd: a closed fd may be reused
                if events & READ and not client.closed:
                    self.read(client)
                if events & WRITE and not client.closed:
                    self.write(client)
            self.resume_due()

    def watch(self, client: Client) -> None:
        """Tell the selector what to wait for: READ unless paused or closing, WRITE if
        something waits to be sent. Registering again *replaces* the events."""
        events = (WRITE if client.outbox else 0) | (
            READ if not (client.closing or client.paused_until) else 0
        )
        if events == client.events:
            return
        if not events:
            self.selector.unregister(client.sock)
        elif not client.events:
            self.selector.register(client.sock, events, data=client)
        else:
            self.selector.modify(client.sock, events, data=client)
        client.events = events

    def resume_due(self) -> None:
        now = time.monotonic()
        for client in [c for c in self.paused if c.paused_until <= now]:
            self.paused.discard(client)
            client.paused_until = 0.0
            if not client.closed:
                self.watch(client)

    def accept(self, listen_sock: socket.socket) -> None:
        try:
            sock, addr = listen_sock.accept()
        except BlockingIOError:  # another event took it
            return
        except OSError as exc:  # EMFILE: out of file descriptors
            print(f"accept failed: {cli.describe_error(exc)}", flush=True)
            return
        sock.setblocking(False)
        client = Client(sock, addr, self.max_size, self.max_rate)
        self.clients.add(client)
        self.watch(client)
        print(f"Connection from {addr}", flush=True)

    def read(self, client: Client) -> None:
        try:
            data = client.sock.recv(tincanchat.RECV_SIZE)
        except BlockingIOError:
            return
        except OSError as exc:  # a reset
            self.close(client, f"disconnected ({cli.describe_error(exc)})")
            return
        if not data:  # the client's FIN: no more messages from it
            left = "disconnected"
            if client.framer.pending:
                left = "left in the middle of a message"
            self.clients.discard(client)
            if client.outbox:  # deliver what it is owed first
                client.closing = left
                self.watch(client)
            else:
                self.close(client, left)
            return
        if pause := client.limit.charge(len(data)):  # it sends too fast: stop reading it
            client.paused_until = time.monotonic() + pause
            self.paused.add(client)
            self.watch(client)
        try:
            msgs = client.framer.feed(data)
        except ValueError as exc:  # not UTF-8, or too long
            self.close(client, f"sent a bad message ({exc})")
            return
        for msg in msgs:
            line = tincanchat.format_line(client.addr, msg)
            print(shown(line), flush=True)
            self.broadcast(line)

    def broadcast(self, line: str) -> None:
        """Append ``line`` to every client's outbox, the sender's included."""
        data = tincanchat.prep_msg(line)
        for client in list(self.clients):
            if client.queued and client.queued + len(data) > self.max_queue:
                self.close(client, f"too slow, {client.queued} bytes waiting")
                continue
            client.outbox.append(data)
            client.queued += len(data)
            self.watch(client)

    def write(self, client: Client) -> None:
        try:
            while client.outbox:
                chunk = client.outbox[0]
                sent = client.sock.send(chunk)
                client.queued -= sent
                if sent < len(chunk):  # the socket's buffer is full: the rest waits
                    client.outbox[0] = memoryview(chunk)[sent:]
                    return
                client.outbox.popleft()
        except BlockingIOError:
            return
        except OSError as exc:
            self.close(client, f"disconnected ({cli.describe_error(exc)})")
            return
        if client.closing:
            self.close(client, client.closing)
        else:
            self.watch(client)

    def close(self, client: Client, reason: str) -> None:
        if client.closed:
            return
        client.closed = True
        self.clients.discard(client)
        self.paused.discard(client)
        if client.events:
            self.selector.unregister(client.sock)
        client.sock.close()
        print(f"Client {client.addr} {reason}", flush=True)


def parse_args(argv):
    parser = cli.ArgumentParser(description="Chat server: one thread, selectors.")
    add_server_options(parser)
    args = parser.parse_args(argv)
    check_server_options(parser, args)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        listen_sock = tincanchat.create_listen_socket(args.host, args.port)
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    server.stop_on_sigterm()
    with listen_sock:
        try:
            # Build the server (its selector is an open file) before the ready line:
            # whoever reads the line may count our file descriptors at once.
            chat = ChatServer(listen_sock, args.max_size, args.max_queue, args.max_rate)
            server.announce(listen_sock.getsockname())
            chat.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
