"""Exercise 8: fix the book's eventlet chat server.

This file is the book's 4.1 server as printed (rebuilt by hand), with ``--host`` and
``--port`` added and eventlet's deprecation banner silenced (see the worked example
``chat_server_eventlet.py`` for why). It is the threaded server of 2.1 on green threads
and it inherits 2.1's defects, plus one of its own: ``recv_msgs(sock)`` is called
without the leftover bytes of the previous call, so a message split across two
``recv`` calls loses its beginning (``caerphil|ly\\0illches|ter\\0brie\\0`` comes out as
``caerphilly``, ``ter``, ``brie``).

Graded (``pytest tests/lab08/test_ex8_eventlet.py``): split and merged frames arrive
intact; a client that resets its connection leaves no traceback and the others keep
chatting. Keep ``Connection from ADDR`` on stdout for each client, and the rule that
the sender gets its own copy. Run it as a program only; never import eventlet into a
process that does anything else.
"""

import argparse
import warnings

import tincanchat

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    import eventlet
    import eventlet.queue

send_queues = {}


def handle_client_recv(sock, addr):
    while True:
        try:
            msgs, rest = tincanchat.recv_msgs(sock)
        except (EOFError, ConnectionError):
            handle_disconnect(sock, addr)
            break
        for msg in msgs:
            line = f"{addr}: {msg}"
            print(line, flush=True)
            broadcast_msg(line)


def handle_client_send(sock, q, addr):
    while True:
        msg = q.get()
        if msg is None:
            break
        try:
            tincanchat.send_msg(sock, msg)
        except (ConnectionError, BrokenPipe):  # noqa: F821 - the book's name (a defect)
            handle_disconnect(sock, addr)
            break


def broadcast_msg(msg):
    for q in send_queues.values():
        q.put(msg)


def handle_disconnect(sock, addr):
    fd = sock.fileno()
    q = send_queues.get(fd, None)
    if q:
        q.put(None)
        del send_queues[fd]
        addr = sock.getpeername()
        print(f"Client {addr} disconnected", flush=True)
        sock.close()


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default=tincanchat.DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=tincanchat.DEFAULT_PORT)
    args = parser.parse_args(argv)
    listen_sock = eventlet.listen((args.host, args.port))
    print(f"Listening on {listen_sock.getsockname()}", flush=True)
    while True:
        client_sock, addr = listen_sock.accept()
        q = eventlet.queue.Queue()
        send_queues[client_sock.fileno()] = q
        eventlet.spawn_n(handle_client_recv, client_sock, addr)
        eventlet.spawn_n(handle_client_send, client_sock, q, addr)
        print(f"Connection from {addr}", flush=True)


if __name__ == "__main__":
    main()
