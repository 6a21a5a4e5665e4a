"""An echo client: one new connection per message (chapter 8, "A simple echo client").

Each pass of the loop connects to the echo server, reads a line you type, sends it as
one message, prints the echo, and closes the connection: the echo protocol allows one
message per connection. ``q`` quits, and so does the end of input (Ctrl-D, or the end
of a file piped in), where the book's version crashed with ``EOFError``.

    python echo_client_uni.py                 # the server at 127.0.0.1:4040
    python echo_client_uni.py 127.0.0.1 --port 4041
    printf 'hello\\nq\\n' | python echo_client_uni.py

If the server cannot be reached, the client says why in one line on stderr and exits
with status 1.
"""

import socket
import sys

import tincanchat
from labkit import cli

PROMPT = "Type message, enter to send, 'q' to quit"


def read_message() -> str | None:
    """The next line typed, or None to quit (``q`` or end of input)."""
    try:
        msg = input()
    except EOFError:
        return None
    return None if msg == "q" else msg


def echo_once(host: str, port: int, timeout: float) -> bool:
    """One connection: prompt, send one message, print the echo. False when the user quits."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        try:
            print(f"\nConnected to {host}:{port}")
            print(PROMPT, flush=True)
            msg = read_message()
            if msg is None:
                return False
            tincanchat.send_msg(sock, msg)
            print(f"Sent message: {msg}")
            print(f"Received echo: {tincanchat.recv_msg(sock)}", flush=True)
            return True
        finally:
            print("Closed connection to server", flush=True)


def parse_args(argv):
    parser = cli.ArgumentParser(description="Send lines to an echo server, one per connection.")
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
        while echo_once(args.host, args.port, args.timeout):
            pass
    except KeyboardInterrupt:
        return 130
    except (OSError, ValueError) as exc:
        message = cli.with_hint(cli.describe_error(exc), "is the echo server running?")
        return cli.error(f"Socket error: {message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
