"""Exercises 9 and 10: rewrite the book's asyncio chat server on streams; then rule 5.

This file is the book's 5.1 server as printed (rebuilt by hand), with ``--host`` and
``--port`` added. It uses the low-level ``asyncio.Protocol``: ``data_received`` writes
each line to every client's transport at once. ``transport.write`` never waits, so a
client that stops reading makes the server keep everything sent to it in memory, for
ever. And it starts with ``asyncio.get_event_loop()``, deprecated without a running
loop (a ``DeprecationWarning`` on 3.12 and 3.13, an error from 3.14).

Exercise 9 (``pytest tests/lab08/test_ex9_asyncio.py``): rewrite it with
``asyncio.run`` and streams (``asyncio.start_server``, ``reader``/``writer``,
``await writer.drain()``; ``tincanchat.read_msgs`` and ``Framer`` help). Graded: it
runs clean under ``python -W error::DeprecationWarning``, uses ``start_server`` and no
``get_event_loop``, and passes the chat suite's basic checks; and a client that never
reads neither delays the others nor makes the server's memory grow without bound
(decide what happens to it: the worked example drops it).

Exercise 10 (``pytest tests/lab08/test_ex10_rule5.py``): the book's rule 5 says the
server sends each message to all the *other* clients. Add ``--exclude-sender``: with
it, the sender gets nothing back while every other client gets the message; without
it, the lab's rule stands (the sender gets its copy).

Keep ``Connection from ADDR`` on stdout for each client (the tests wait for it).
"""

import argparse
import asyncio

import tincanchat

clients = []


class ChatServerProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        self.addr = transport.get_extra_info("peername")
        self._rest = b""
        clients.append(self)
        print(f"Connection from {self.addr}", flush=True)

    def data_received(self, data):
        data = self._rest + data
        msgs, self._rest = tincanchat.parse_recv_data(data)
        for msg in msgs:
            line = f"{self.addr}: {msg.decode('utf-8')}"
            print(line, flush=True)
            for client in clients:
                client.transport.write(tincanchat.prep_msg(line))

    def connection_lost(self, exc):
        print(f"Client {self.addr} disconnected", flush=True)
        clients.remove(self)


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default=tincanchat.DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=tincanchat.DEFAULT_PORT)
    args = parser.parse_args(argv)
    loop = asyncio.get_event_loop()
    coro = loop.create_server(ChatServerProtocol, host=args.host, port=args.port)
    server = loop.run_until_complete(coro)
    for sock in server.sockets:
        print(f"Listening on {sock.getsockname()}", flush=True)
    loop.run_forever()


if __name__ == "__main__":
    main()
