"""Exercise 11, reference solution: nicknames, rooms and logging on asyncio streams.

Commands (a message that starts with one, not broadcast):

* ``/nick NAME``: the client's lines read ``NAME: text`` instead of ``(host, port): text``;
* ``/join ROOM``: the client leaves its room (everyone starts in ``lobby``) for ROOM;
  a line goes to every client in the sender's room, the sender included, and to no one
  else.

The log goes through ``logging`` (logger ``chat_rooms``) to stdout, one line per event
formatted ``LEVEL chat_rooms: message``: ``INFO chat_rooms: Connection from ADDR``,
``INFO chat_rooms: Client ADDR disconnected``, and the nickname and room changes.

``--max-rate`` is accepted (the lab's common options) but not enforced here.

    python chat_rooms.py --port 4040
"""

import asyncio
import logging
import signal
import sys

import tincanchat
from labkit import cli, server
from tincanchat.policy import MAX_QUEUE, add_server_options, check_server_options, shown

log = logging.getLogger("chat_rooms")
LOBBY = "lobby"


class Client:
    def __init__(self, writer: asyncio.StreamWriter, addr: tuple) -> None:
        self.writer, self.addr = writer, addr
        self.name = repr(addr[:2])  # what format_line shows, until /nick
        self.room = LOBBY


class RoomServer:
    def __init__(self, max_size: int, max_queue: int = MAX_QUEUE) -> None:
        self.max_size, self.max_queue = max_size, max_queue
        self.clients: set[Client] = set()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        addr = writer.get_extra_info("peername")
        client = Client(writer, addr)
        self.clients.add(client)
        log.info("Connection from %s", addr)
        reason = "disconnected"
        try:
            async for msg in tincanchat.read_msgs(reader, tincanchat.Framer(self.max_size)):
                if not self.command(client, msg):
                    self.broadcast(client, msg)
        except ConnectionError as exc:
            reason = f"disconnected ({cli.describe_error(exc)})"
        except ValueError as exc:
            reason = f"sent a bad message ({exc})"
        finally:
            self.clients.discard(client)
            writer.transport.abort()
        log.info("Client %s %s", addr, reason)

    def command(self, client: Client, msg: str) -> bool:
        """Carry out ``/nick`` or ``/join``; False if ``msg`` is an ordinary message."""
        verb, _, arg = msg.partition(" ")
        arg = arg.strip()
        if verb not in ("/nick", "/join") or not arg or any(c.isspace() for c in arg):
            return False
        if verb == "/nick":
            log.info("Client %s is now %s", client.addr, arg)
            client.name = arg
        else:
            log.info("Client %s joins room %s", client.addr, arg)
            client.room = arg
        return True

    def broadcast(self, sender: Client, msg: str) -> None:
        line = f"{sender.name}: {msg}"
        log.info("[%s] %s", sender.room, shown(line))
        data = tincanchat.prep_msg(line)
        for client in list(self.clients):
            if client.room != sender.room:
                continue
            if client.writer.transport.get_write_buffer_size() + len(data) > self.max_queue:
                log.warning("Client %s too slow: dropped", client.addr)
                self.clients.discard(client)
                client.writer.transport.abort()
                continue
            client.writer.write(data)


async def serve(args) -> None:
    chat = RoomServer(args.max_size, args.max_queue)
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
    logging.basicConfig(
        stream=sys.stdout, level=logging.INFO, format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
