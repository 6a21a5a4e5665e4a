"""A chat server with two threads per client and a queue between them (chapter 8, "A
multithreaded chat server").

The chat protocol pushes messages: the server sends every message it receives to the
connected clients, as ``"('127.0.0.1', 54321): text"`` (the sender's address, then the
text), each line framed like every message here (UTF-8 ended by a NUL byte).

How it works. For each client, a *receive thread* blocks in ``recv``, cuts the stream
into messages with the shared ``tincanchat.Framer`` and *broadcasts* each one: it puts
the line on every client's ``queue.Queue``. A *send thread* per client blocks in
``queue.get()`` and writes whatever arrives. A slow client therefore only delays its own
send thread. The set of connected clients is shared by every thread, so it is guarded
by a ``threading.Lock``; the queues are thread-safe already.

The lab's rules, the same for the four chat servers of this lab:

* **The sender gets its own copy.** Every message goes to every connected client, the
  sender included, in the order the server received them. (The book's rule 5 says "to
  all the *other* clients", but its servers do send the copy; the lab keeps the copy
  and makes it a rule: it tells the sender that the server got the message and where it
  sits in the conversation. Exercise 10 implements rule 5 instead.)
* **A client that falls behind is disconnected.** Each client may have at most
  ``--max-queue`` bytes waiting to be sent (one message of any allowed size always fits
  when nothing else is waiting). Past that, the server drops the client rather than
  buffer without bound or make the others wait.
* **Lines leave at once**: ``TCP_NODELAY`` turns off Nagle's algorithm, which would
  hold a small segment back until the previous one is acknowledged (and the client may
  delay its ACK by 40 ms). asyncio sets it on its TCP connections by itself.
* **A client that floods is slowed down**: the server reads at most ``--max-rate``
  bytes per second from each client, on average (after a first burst of 1 MiB); beyond
  that it stops reading that client for a moment, and TCP makes the flooder wait.
* **Bad input costs only the sender its connection**: text that is not UTF-8, or a
  message longer than ``--max-size`` bytes. A graceful close (FIN) gets the lines
  already queued for that client before the server closes; a reset gets nothing.

The limits of these rules, the ``RateLimit`` token bucket and the command-line options
are shared by the four servers: they live in ``tincanchat.policy``.

Fixed from the book: the ``except (ConnectionError, BrokenPipe)`` clause (no such name:
a NameError killed the thread); ``getpeername()`` after a reset (ENOTCONN left the
socket open for ever); ``close()`` from another thread (it does not wake a thread blocked
in ``recv`` on Linux: ``shutdown()`` does); unbounded queues.

    python chat_server_multithread.py         # Listening on 127.0.0.1:4040
    python chat_client_multithread.py         # two or more, in other terminals
"""

import contextlib
import queue
import socket
import sys
import threading
import time

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

LOG_LOCK = threading.Lock()


def log(text: str) -> None:
    """Print one line of the server's log. ``print`` writes the text and the newline
    separately, so two threads printing at once can mix their lines: hence the lock."""
    with LOG_LOCK:
        print(text, flush=True)


class Client:
    """One connection: its socket, its address, and the lines waiting to be sent to it."""

    def __init__(self, sock: socket.socket, addr: tuple, max_queue: int) -> None:
        self.sock, self.addr, self.max_queue = sock, addr, max_queue
        self.outbox: queue.Queue[bytes | None] = queue.Queue()
        self.queued = 0  # bytes in outbox
        self.drop_reason: str | None = None
        self._lock = threading.Lock()  # guards queued

    def enqueue(self, data: bytes) -> bool:
        """Queue ``data`` for sending; False when the client is too far behind."""
        with self._lock:
            if self.queued and self.queued + len(data) > self.max_queue:
                return False
            self.queued += len(data)
        self.outbox.put(data)
        return True

    def sent(self, count: int) -> None:
        with self._lock:
            self.queued -= count

    def hang_up(self) -> None:
        """Shut the socket down: wakes this client's threads blocked in ``recv`` or ``send``."""
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
        self.lock = threading.Lock()  # guards self.clients

    def serve_forever(self, listen_sock: socket.socket) -> None:
        while True:
            try:
                sock, addr = listen_sock.accept()
            except OSError as exc:  # EMFILE: out of file descriptors; try again shortly
                log(f"accept failed: {cli.describe_error(exc)}")
                time.sleep(0.1)
                continue
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no Nagle delay
            client = Client(sock, addr, self.max_queue)
            with self.lock:
                self.clients.add(client)  # registered before its first message can arrive
            log(f"Connection from {addr}")
            threading.Thread(target=self.receive_loop, args=(client,), daemon=True).start()

    def broadcast(self, line: str) -> None:
        """Queue ``line`` for every connected client, the sender included."""
        data = tincanchat.prep_msg(line)
        with self.lock:
            clients = list(self.clients)  # never hold the lock while doing anything slow
        for client in clients:
            if not client.enqueue(data):
                self.drop(client, f"too slow, {client.queued} bytes waiting")

    def drop(self, client: Client, reason: str) -> None:
        with self.lock:
            self.clients.discard(client)
        client.drop_reason = client.drop_reason or reason
        client.hang_up()

    def receive_loop(self, client: Client) -> None:
        """The receive thread: read messages and broadcast them until the client leaves."""
        sender = threading.Thread(target=self.send_loop, args=(client,), daemon=True)
        sender.start()
        framer = tincanchat.Framer(self.max_size)
        limit = RateLimit(self.max_rate)
        graceful = False
        try:
            while chunk := client.sock.recv(tincanchat.RECV_SIZE):
                for msg in framer.feed(chunk):
                    line = tincanchat.format_line(client.addr, msg)
                    log(shown(line))
                    self.broadcast(line)
                time.sleep(limit.charge(len(chunk)))  # 0 unless it sends too fast
            graceful = not framer.pending
            reason = "disconnected" if graceful else "left in the middle of a message"
        except ValueError as exc:  # not UTF-8, or too long
            reason = f"sent a bad message ({exc})"
        except OSError as exc:  # reset by the peer, or shut down by drop()
            reason = f"disconnected ({cli.describe_error(exc)})"
        finally:
            with self.lock:
                self.clients.discard(client)
            client.outbox.put(None)  # the send thread stops after what is already queued
            if not graceful:
                client.hang_up()
            sender.join(FLUSH_TIMEOUT)
            if sender.is_alive():  # the peer does not read: give up on the rest
                client.hang_up()
                sender.join()
            client.sock.close()  # only this thread closes, once the send thread is done
        log(f"Client {client.addr} {client.drop_reason or reason}")

    def send_loop(self, client: Client) -> None:
        """The send thread: write each queued line until ``None`` or an error."""
        while (data := client.outbox.get()) is not None:
            try:
                client.sock.sendall(data)
            except OSError:  # reset, or shut down: wake the receive thread, which cleans up
                client.hang_up()
                return
            client.sent(len(data))


def parse_args(argv, description="Chat server: two threads per client."):
    parser = cli.ArgumentParser(description=description)
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
            server.announce(listen_sock.getsockname())
            ChatServer(args.max_size, args.max_queue, args.max_rate).serve_forever(listen_sock)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
