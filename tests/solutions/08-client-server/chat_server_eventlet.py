"""Exercise 8, reference solution: the worked example ``chat_server_eventlet.py`` of the lab.

The threaded chat server again, on eventlet's green threads (chapter 8, "Eventlet").

Eventlet gives each client cheap *green threads* instead of operating-system threads:
they all run in one real thread, and switch only where they would block (``recv``,
``send``, ``accept``, ``queue.get``), when eventlet's hub parks them until their socket
is ready. So the code keeps the blocking style of ``chat_server_multithread.py`` (a
receive and a send green thread per client, a queue between them) while performing like
an event loop. Green threads switch only at those points, never in the middle of
``self.clients.add()``, so the lock of the threaded version is not needed.

No ``monkey_patch()``: the sockets come from eventlet (the listening socket is wrapped
in a ``GreenSocket``, and ``accept`` returns green sockets), and the queue is eventlet's.

Eventlet is in maintenance mode: its maintainers advise migrating to asyncio, and since
0.40.4 importing it emits an ``EventletDeprecationWarning`` on stderr. This server
silences that one warning around the import (see ``import_eventlet``). Run it on its
own, in a subprocess; never import it into a process that runs other code.

Fixed from the book: ``recv_msgs(sock)`` without the leftover bytes (a message split as
``caerphil|ly\\0illches|ter\\0`` came out as ``caerphilly``, ``ter``: the shared
``Framer`` keeps the rest); the ``BrokenPipe`` NameError; ``getpeername()`` after a
reset. It follows the same rules as ``chat_server_multithread.py`` (its docstring has
them).

    python chat_server_eventlet.py            # Listening on 127.0.0.1:4040
"""

import contextlib
import socket
import sys
import warnings

import tincanchat
from labkit import cli, server
from tincanchat.policy import (
    FLUSH_TIMEOUT,
    MAX_QUEUE,
    MAX_RATE,
    RateLimit,
    add_server_options,
    check_server_options,
    shown,
)


def import_eventlet():
    """Import eventlet without its deprecation banner on stderr."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
        import eventlet
        import eventlet.queue
    return eventlet


eventlet = import_eventlet()


class Client:
    """One connection: its green socket, its address, the lines waiting to be sent."""

    def __init__(self, sock, addr: tuple) -> None:
        self.sock, self.addr = sock, addr
        self.outbox = eventlet.queue.LightQueue()
        self.queued = 0  # bytes in outbox
        self.drop_reason: str | None = None

    def hang_up(self) -> None:
        """Shut the socket down: wakes this client's green threads waiting on it."""
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)


class ChatServer:
    def __init__(
        self,
        max_size: int = tincanchat.MAX_MSG,
        max_queue: int = MAX_QUEUE,
        max_rate: int = MAX_RATE,
    ) -> None:
        self.max_size, self.max_queue, self.max_rate = max_size, max_queue, max_rate
        self.clients: set[Client] = set()

    def serve_forever(self, listen_sock) -> None:
        while True:
            try:
                sock, addr = listen_sock.accept()
            except OSError as exc:  # EMFILE: out of file descriptors; try again shortly
                print(f"accept failed: {cli.describe_error(exc)}", flush=True)
                eventlet.sleep(0.1)
                continue
            client = Client(sock, addr)
            self.clients.add(client)
            print(f"Connection from {addr}", flush=True)
            eventlet.spawn_n(self.receive_loop, client)

    def broadcast(self, line: str) -> None:
        """Queue ``line`` for every connected client, the sender included."""
        data = tincanchat.prep_msg(line)
        for client in list(self.clients):
            if client.queued and client.queued + len(data) > self.max_queue:
                self.drop(client, f"too slow, {client.queued} bytes waiting")
                continue
            client.queued += len(data)
            client.outbox.put(data)

    def drop(self, client: Client, reason: str) -> None:
        self.clients.discard(client)
        client.drop_reason = client.drop_reason or reason
        client.hang_up()

    def receive_loop(self, client: Client) -> None:
        sender = eventlet.spawn(self.send_loop, client)
        framer = tincanchat.Framer(self.max_size)
        limit = RateLimit(self.max_rate)
        graceful = False
        try:
            while chunk := client.sock.recv(tincanchat.RECV_SIZE):
                for msg in framer.feed(chunk):
                    line = tincanchat.format_line(client.addr, msg)
                    print(shown(line), flush=True)
                    self.broadcast(line)
                # A green thread runs until it blocks, and recv() does not block while
                # data is waiting: without a sleep, even sleep(0), a client that sends
                # fast would keep the hub (and every send loop) from running at all.
                eventlet.sleep(limit.charge(len(chunk)))
            graceful = not framer.pending
            reason = "disconnected" if graceful else "left in the middle of a message"
        except ValueError as exc:  # not UTF-8, or too long
            reason = f"sent a bad message ({exc})"
        except OSError as exc:  # reset by the peer, or shut down by drop()
            reason = f"disconnected ({cli.describe_error(exc)})"
        finally:
            self.clients.discard(client)
            client.outbox.put(None)  # the sender stops after what is already queued
            if not graceful:
                client.hang_up()
            try:
                with eventlet.Timeout(FLUSH_TIMEOUT):
                    sender.wait()
            except eventlet.Timeout:  # the peer does not read: give up on the rest
                sender.kill()
            client.sock.close()
        print(f"Client {client.addr} {client.drop_reason or reason}", flush=True)

    def send_loop(self, client: Client) -> None:
        while (data := client.outbox.get()) is not None:
            try:
                client.sock.sendall(data)
            except OSError:  # reset, or shut down: wake the receive loop, which cleans up
                client.hang_up()
                return
            client.queued -= len(data)


def parse_args(argv):
    parser = cli.ArgumentParser(description="Chat server: eventlet green threads.")
    add_server_options(parser)
    args = parser.parse_args(argv)
    check_server_options(parser, args)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        real_sock = tincanchat.create_listen_socket(args.host, args.port)
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    listen_sock = eventlet.greenio.GreenSocket(real_sock)
    server.stop_on_sigterm()
    with listen_sock:
        try:
            # Create the hub (an epoll file) before the ready line: whoever reads the
            # line may count our file descriptors at once.
            eventlet.hubs.get_hub()
            server.announce(listen_sock.getsockname())
            ChatServer(args.max_size, args.max_queue, args.max_rate).serve_forever(listen_sock)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
