"""The chat server on asyncio streams (chapter 8, "asyncio").

asyncio is the standard library's event loop, with coroutines: each client is served
by an ``async def`` function that reads as if it blocked, and every ``await`` is a
point where the loop may run another client. ``asyncio.start_server`` calls
``handle(reader, writer)`` once per connection, in a new task.

Each client gets two tasks, like the two threads of ``chat_server_multithread.py``: the
connection's own task reads chunks (``reader.read``), cuts them into messages with the
shared ``tincanchat.Framer`` (as ``tincanchat.read_msgs`` does, plus a pause when the
client sends too fast) and broadcasts them by putting the line on every client's
``asyncio.Queue``; a send task per client writes what arrives there and
``await writer.drain()`` so that it waits while the client's socket is full. The
broadcast never awaits, so a client that does not read slows down only its own send
task, and is dropped once more than ``--max-queue`` bytes wait for it.

**The book's version** subclasses the low-level ``asyncio.Protocol``
(``connection_made``, ``data_received``, ``connection_lost``) and writes to every
transport at once with ``transport.write``, which never waits: a client that stops
reading makes the server buffer everything sent to it, without bound. It also starts
the loop with ``asyncio.get_event_loop()``, deprecated without a running loop
(``DeprecationWarning`` on 3.12 and 3.13, an error from 3.14): ``asyncio.run`` is the
modern entry point. With ``host=''`` it listens on IPv4 and IPv6 and prints one
``Listening on`` line per socket; this one binds 127.0.0.1.

It follows the same rules as ``chat_server_multithread.py`` (its docstring has them):
the sender gets its own copy, a client more than ``--max-queue`` bytes behind is
dropped, bad input costs only the sender its connection.

    python chat_server_asyncio.py             # Listening on 127.0.0.1:4040
"""

import asyncio
import signal
import sys

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


class Client:
    """One connection: its writer, its address, the lines waiting to be sent."""

    def __init__(self, writer: asyncio.StreamWriter, addr: tuple) -> None:
        self.writer, self.addr = writer, addr
        self.outbox: asyncio.Queue[bytes | None] = asyncio.Queue()
        self.queued = 0  # bytes in outbox, or being written
        self.drop_reason: str | None = None
        self.task = asyncio.current_task()  # the connection's own task


class ChatServer:
    def __init__(
        self,
        max_size: int = tincanchat.MAX_MSG,
        max_queue: int = MAX_QUEUE,
        max_rate: int = MAX_RATE,
    ) -> None:
        self.max_size, self.max_queue, self.max_rate = max_size, max_queue, max_rate
        self.clients: set[Client] = set()  # the clients that get broadcasts
        self.connections: set[Client] = set()  # every open connection, leaving ones too

    async def abort_all(self) -> None:
        """End every connection now, and wait (a little) for their tasks to finish."""
        tasks = [client.task for client in self.connections]
        for client in list(self.connections):
            client.writer.transport.abort()
        if tasks:
            await asyncio.wait(tasks, timeout=FLUSH_TIMEOUT)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """One connection, from accept to close."""
        addr = writer.get_extra_info("peername")
        client = Client(writer, addr)
        self.clients.add(client)  # before the first await: no message can overtake it
        self.connections.add(client)
        print(f"Connection from {addr}", flush=True)
        sender = asyncio.create_task(self.send_loop(client))
        framer = tincanchat.Framer(self.max_size)
        limit = RateLimit(self.max_rate)
        graceful = False
        try:
            while chunk := await reader.read(tincanchat.RECV_SIZE):
                for msg in framer.feed(chunk):
                    line = tincanchat.format_line(addr, msg)
                    print(shown(line), flush=True)
                    self.broadcast(line)
                if pause := limit.charge(len(chunk)):  # it sends too fast
                    await asyncio.sleep(pause)
            if framer.pending:
                raise tincanchat.closed_error(len(framer.pending))
            graceful = True
            reason = "disconnected"
        except ConnectionError as exc:  # a reset, or a FIN in the middle of a message
            reason = f"disconnected ({cli.describe_error(exc)})"
        except ValueError as exc:  # not UTF-8, or too long
            reason = f"sent a bad message ({exc})"
        finally:
            self.clients.discard(client)
            if graceful:
                client.outbox.put_nowait(None)  # the sender stops after what is queued
            else:
                sender.cancel()
                writer.transport.abort()
            try:
                await asyncio.wait_for(self.close(sender, writer), FLUSH_TIMEOUT)
            except (TimeoutError, OSError):  # the peer does not read: give up on the rest
                writer.transport.abort()
            self.connections.discard(client)
        print(f"Client {addr} {client.drop_reason or reason}", flush=True)

    def broadcast(self, line: str) -> None:
        """Queue ``line`` for every connected client, the sender included. Never waits."""
        data = tincanchat.prep_msg(line)
        for client in list(self.clients):
            if client.queued and client.queued + len(data) > self.max_queue:
                self.drop(client, f"too slow, {client.queued} bytes waiting")
                continue
            client.queued += len(data)
            client.outbox.put_nowait(data)

    def drop(self, client: Client, reason: str) -> None:
        self.clients.discard(client)
        client.drop_reason = client.drop_reason or reason
        client.writer.transport.abort()  # its reader sees the end; its sender an error

    async def close(self, sender: asyncio.Task, writer: asyncio.StreamWriter) -> None:
        """Wait for the send task to end, then close the connection after the last byte."""
        await asyncio.wait([sender])
        writer.close()
        await writer.wait_closed()

    async def send_loop(self, client: Client) -> None:
        try:
            while (data := await client.outbox.get()) is not None:
                client.writer.write(data)
                await client.writer.drain()  # waits while the client's socket is full
                client.queued -= len(data)
        except OSError:  # reset or aborted: the connection's task cleans up
            client.writer.transport.abort()


async def serve(host: str, port: int, max_size: int, max_queue: int, max_rate: int) -> None:
    """Serve until SIGTERM (or Ctrl-C, which ``asyncio.run`` turns into a cancellation)."""
    chat = ChatServer(max_size, max_queue, max_rate)
    listen_sock = tincanchat.create_listen_socket(host, port)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with await asyncio.start_server(chat.handle, sock=listen_sock) as listener:
        try:
            server.announce(listen_sock.getsockname())
            await stop.wait()
        finally:
            # Leaving "async with" waits for every connection to end (Python 3.12+):
            # end them now, or a single idle client would keep the server running.
            # First accept no one new, and let the handlers of connections accepted
            # just now start, so that abort_all sees them too.
            listener.close()
            await asyncio.sleep(0.05)
            await chat.abort_all()


def parse_args(argv):
    parser = cli.ArgumentParser(description="Chat server: asyncio streams.")
    add_server_options(parser)
    args = parser.parse_args(argv)
    check_server_options(parser, args)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        asyncio.run(serve(args.host, args.port, args.max_size, args.max_queue, args.max_rate))
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
