"""Exercises 5 and 6: repair the book's multithreaded chat server, then cap its threads.

This file is the book's 2.1 server as printed (rebuilt by hand: the extracted listing
lost its indentation), with only ``--host``/``--port`` added so that the tests can start
it on a free port. It works while every client leaves politely, and it has the defects
the chapter's text does not mention. Run it, connect two chat clients, and kill one of
them with ``kill -9`` or make it reset its connection; then read the traceback.

Exercise 5 (``pytest tests/lab08/test_ex5_multithread.py``): make it survive clients
that reset their connection (``SO_LINGER`` (1, 0)): no traceback on stderr, the others
keep chatting, and every thread and file descriptor of a departed client is released.
Hints: the ``except`` clause names an exception that does not exist; ``getpeername()``
fails once the peer has reset; ``close()`` does not wake a thread blocked in ``recv``
on Linux, ``shutdown()`` does; decide which thread closes the socket.

Exercise 6 (``pytest tests/lab08/test_ex6_thread_cap.py``): two threads per client,
without limit, is a way to run out of memory. Add ``--max-clients N`` (default 100):
when N clients are connected, the server closes each new connection at once, so the
client sees the end of the stream (``recv`` returns ``b""``) within a second, and
accepts again once someone leaves.

Keep the protocol: ``Connection from ADDR`` on stdout for each client (the tests wait
for it), each message broadcast to every client as ``"ADDR: text"``, the sender
included, and ``Client ADDR disconnected`` when a client leaves.
"""

import argparse
import queue
import threading

import tincanchat

send_queues = {}
lock = threading.Lock()


def handle_client_recv(sock, addr):
    """Receive messages from one client and broadcast them, until it disconnects."""
    rest = b""
    while True:
        try:
            msgs, rest = tincanchat.recv_msgs(sock, rest)
        except (EOFError, ConnectionError):
            handle_disconnect(sock, addr)
            break
        for msg in msgs:
            line = f"{addr}: {msg}"
            print(line, flush=True)
            broadcast_msg(line)


def handle_client_send(sock, q, addr):
    """Send each message put on this client's queue; None stops the thread."""
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
    with lock:
        for q in send_queues.values():
            q.put(msg)


def handle_disconnect(sock, addr):
    fd = sock.fileno()
    with lock:
        q = send_queues.get(fd, None)
        if q:  # not handled yet
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
    listen_sock = tincanchat.create_listen_socket(args.host, args.port)
    print(f"Listening on {listen_sock.getsockname()}", flush=True)
    while True:
        client_sock, addr = listen_sock.accept()
        q = queue.Queue()
        with lock:
            send_queues[client_sock.fileno()] = q
        recv_thread = threading.Thread(
            target=handle_client_recv, args=[client_sock, addr], daemon=True
        )
        send_thread = threading.Thread(
            target=handle_client_send, args=[client_sock, q, addr], daemon=True
        )
        recv_thread.start()
        send_thread.start()
        print(f"Connection from {addr}", flush=True)


if __name__ == "__main__":
    main()
