"""A chat client: one thread reads your input, the main thread prints what arrives
(chapter 8, "A multithreaded chat client").

A chat client has to wait for two things at once: a line typed on the keyboard, and a
message pushed by the server. Both waits block, so each gets its own thread: a daemon
thread reads ``input()`` and sends each line, while the main thread loops on
``recv_msgs`` and prints every message the server pushes, your own included (the lab's
servers send the sender its own copy).

``q`` quits: the input thread calls ``shutdown(SHUT_RDWR)``, which wakes the main
thread's ``recv`` (``close()`` alone would not, on Linux). The end of input (Ctrl-D, or
the end of a file piped in; the book's client crashed with ``EOFError`` there) means
"nothing more to send": the client shuts down its sending side only, the server
delivers what it still has for us and closes, and the client exits. So
``printf 'hello\\n' | python chat_client_multithread.py`` prints the echo of ``hello``.

    python chat_client_multithread.py                 # the server at 127.0.0.1:4040
    python chat_client_multithread.py 127.0.0.1 --port 4041

A chat client waits for messages as long as the conversation lasts, so only connecting
has a timeout (``--timeout``).
"""

import contextlib
import socket
import sys
import threading

import tincanchat
from labkit import cli

PROMPT = "Type messages, enter to send. 'q' to quit"


def send_input(sock: socket.socket) -> None:
    """The input thread: send each line typed; ``q`` or end of input stops."""
    while True:
        try:
            msg = input()
        except EOFError:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_WR)  # a FIN: the server closes once it is done
            return
        if msg == "q":
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # wakes the main thread's recv
            return
        try:
            tincanchat.send_msg(sock, msg)
        except (OSError, ValueError) as exc:  # the server went away; or a NUL in the text
            print(f"Not sent: {cli.describe_error(exc)}", file=sys.stderr, flush=True)
            if isinstance(exc, OSError):
                return


def receive_forever(sock: socket.socket) -> None:
    """Print every message until the server closes the connection (ConnectionError)."""
    rest = b""
    while True:
        msgs, rest = tincanchat.recv_msgs(sock, rest)
        for msg in msgs:
            print(msg, flush=True)


def parse_args(argv):
    parser = cli.ArgumentParser(description="Chat client: type lines, see everyone's messages.")
    parser.add_argument(
        "host",
        nargs="?",
        default=tincanchat.DEFAULT_HOST,
        help=f"server address (default: {tincanchat.DEFAULT_HOST})",
    )
    parser.add_argument(
        "--port",
        type=cli.port_number,
        default=tincanchat.DEFAULT_PORT,
        help=f"server port (default: {tincanchat.DEFAULT_PORT})",
    )
    cli.add_timeout(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        sock = socket.create_connection((args.host, args.port), timeout=args.timeout)
    except OSError as exc:
        message = cli.with_hint(cli.describe_error(exc), "is the chat server running?")
        return cli.error(f"cannot connect to {args.host}:{args.port}: {message}")
    with sock:
        sock.settimeout(None)  # from now on, wait for messages as long as it takes
        print(f"Connected to {args.host}:{args.port}")
        print(PROMPT, flush=True)
        threading.Thread(target=send_input, args=(sock,), daemon=True).start()
        try:
            receive_forever(sock)
        except KeyboardInterrupt:
            return 130
        except ConnectionResetError:
            return cli.error("the server reset the connection")
        except (ConnectionError, OSError):
            print("Connection to server closed", flush=True)
        except ValueError as exc:
            return cli.error(f"bad message from the server: {exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
