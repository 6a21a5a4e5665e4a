"""Exercise 11: nicknames, rooms and logging.

This starter is a plain chat server on asyncio streams: every message goes to every
client as ``(host, port): text``, the sender included, and it reports with ``print``.
Add two commands (a message that is a command is not broadcast):

* ``/nick NAME`` (NAME without spaces): from then on the client's lines read
  ``NAME: text`` instead of ``('127.0.0.1', 54321): text``;
* ``/join ROOM`` (ROOM without spaces): everyone starts in room ``lobby``; a line goes
  to every client in the sender's room, the sender included, and to no one else.

And replace the ``print`` calls with ``logging``: a logger named ``chat_rooms``, set
up in ``main`` with ``logging.basicConfig`` to write to stdout at level INFO in the
format ``%(levelname)s %(name)s: %(message)s``, so that connecting and leaving log
``INFO chat_rooms: Connection from ADDR`` and ``INFO chat_rooms: Client ADDR
disconnected``. Keep ``server.announce`` (the ``Listening on`` line) as it is.

Graded (``pytest tests/lab08/test_ex11_rooms.py``): after ``/nick alice``, alice's
``hi`` reaches everyone as ``alice: hi`` and the others' lines are unchanged (2 points);
a line sent in room ``r`` reaches the clients in ``r`` and nobody in ``lobby``, and the
other way round (2); the log has the connect and the disconnect line at INFO (1).
"""

import asyncio
import signal
import sys

import tincanchat
from labkit import cli, server
from tincanchat.policy import add_server_options, check_server_options

LOBBY = "lobby"


class Client:
    def __init__(self, writer: asyncio.StreamWriter, addr: tuple) -> None:
        self.writer, self.addr = writer, addr
        # TODO: a name (until /nick, what format_line shows) and a room (LOBBY)


class RoomServer:
    def __init__(self, max_size: int) -> None:
        self.max_size = max_size
        self.clients: set[Client] = set()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        addr = writer.get_extra_info("peername")
        client = Client(writer, addr)
        self.clients.add(client)
        print(f"Connection from {addr}", flush=True)
        reason = "disconnected"
        try:
            async for msg in tincanchat.read_msgs(reader, tincanchat.Framer(self.max_size)):
                # TODO: /nick and /join are commands, not messages
                self.broadcast(client, msg)
        except ConnectionError as exc:
            reason = f"disconnected ({cli.describe_error(exc)})"
        except ValueError as exc:
            reason = f"sent a bad message ({exc})"
        finally:
            self.clients.discard(client)
            writer.transport.abort()
        print(f"Client {addr} {reason}", flush=True)

    def broadcast(self, sender: Client, msg: str) -> None:
        # TODO: the sender's nickname, and only the clients in the sender's room
        data = tincanchat.prep_msg(tincanchat.format_line(sender.addr, msg))
        for client in list(self.clients):
            client.writer.write(data)


async def serve(args) -> None:
    chat = RoomServer(args.max_size)
    listen_sock = tincanchat.create_listen_socket(args.host, args.port)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with await asyncio.start_server(chat.handle, sock=listen_sock) as listener:
        try:
            server.announce(listen_sock.getsockname())
            await stop.wait()
        finally:
            listener.close()
            for client in list(chat.clients):
                client.writer.transport.abort()
            await asyncio.sleep(0.05)


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Chat server with nicknames and rooms.")
    add_server_options(parser)
    args = parser.parse_args(argv)
    check_server_options(parser, args)
    # TODO: logging.basicConfig(...) as the docstring says
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
