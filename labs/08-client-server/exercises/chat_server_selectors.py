"""Exercise 7: rewrite the book's poll chat server with ``selectors``, and fix it.

This file is the book's 3.1 server as printed (rebuilt by hand), with only
``--host``/``--port`` added. It uses ``select.poll`` directly, which Windows lacks, and
it has defects: it broadcasts ``bytes`` objects formatted into the line, so the wire
carries ``('127.0.0.1', 45580): b'hi'``; a client that closes in the same ``poll()``
batch as another client's message crashes the whole server (``ValueError: file
descriptor cannot be a negative integer``); nothing catches a reset; re-registering a
socket for ``POLLOUT`` alone stops the server reading that client.

Rewrite it on ``selectors.DefaultSelector`` (epoll, kqueue or select, whichever the
platform has), one thread, non-blocking sockets, with ``tincanchat.Framer`` for the
incoming bytes. Graded (``pytest tests/lab08/test_ex7_selectors.py``): the chat suite
(every client receives ``"ADDR: text"`` as text; split and merged frames; a graceful
close and a reset; a disconnect racing a broadcast; a client that never reads does not
stall the others). Keep ``Connection from ADDR`` on stdout for each client, and the
rule that the sender gets its own copy.
"""

import argparse
import select
from collections import deque
from types import SimpleNamespace

import tincanchat

clients = {}
poll = select.poll()


def create_client(sock):
    return SimpleNamespace(sock=sock, rest=b"", send_queue=deque())


def broadcast_msg(msg):
    data = tincanchat.prep_msg(msg)
    for client in clients.values():
        client.send_queue.append(data)
        poll.register(client.sock, select.POLLOUT)


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default=tincanchat.DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=tincanchat.DEFAULT_PORT)
    args = parser.parse_args(argv)
    listen_sock = tincanchat.create_listen_socket(args.host, args.port)
    poll.register(listen_sock, select.POLLIN)
    print(f"Listening on {listen_sock.getsockname()}", flush=True)
    while True:
        for fd, event in poll.poll():
            if event & (select.POLLHUP | select.POLLERR | select.POLLNVAL):
                poll.unregister(fd)
                del clients[fd]
            elif fd == listen_sock.fileno():
                client_sock, addr = listen_sock.accept()
                client_sock.setblocking(False)
                fd = client_sock.fileno()
                clients[fd] = create_client(client_sock)
                poll.register(fd, select.POLLIN)
                print(f"Connection from {addr}", flush=True)
            elif event & select.POLLIN:
                client = clients[fd]
                addr = client.sock.getpeername()
                recvd = client.sock.recv(4096)
                if not recvd:
                    client.sock.close()  # the next poll reports POLLNVAL: cleaned up then
                    print(f"Client {addr} disconnected", flush=True)
                    continue
                data = client.rest + recvd
                msgs, client.rest = tincanchat.parse_recv_data(data)
                for msg in msgs:
                    line = f"{addr}: {msg}"
                    print(line, flush=True)
                    broadcast_msg(line)
            elif event & select.POLLOUT:
                client = clients[fd]
                data = client.send_queue.popleft()
                sent = client.sock.send(data)
                if sent < len(data):
                    client.send_queue.appendleft(data[sent:])
                if not client.send_queue:
                    poll.modify(client.sock, select.POLLIN)


if __name__ == "__main__":
    main()
