"""An interactive client for the time server: send a line, print the reply.

Follows listing 7_4 of the book (``7_4_tcp_client_socket_send_data.py``): ask for the
server (Enter keeps the default in brackets), send ``GET TIME``, print the reply, then
offer to send more. Each reply is printed with ``repr``, so you see the bytes exactly
as they came off the socket. At the end the client sends ``END`` so the server closes
its side cleanly.

Run it (``python tcp_time_server.py`` in another terminal)::

    python tcp_time_client.py                   # asks host [localhost], port [12345]
    python tcp_time_client.py --host 127.0.0.1 --port 12345 < answers.txt

Changes from the book: the prompts show the real defaults (the book's sample showed
``[www.linux.org]`` and ``[80]``); messages end with a newline, which is how the
server knows where one ends (a TCP stream keeps no message boundaries); every read
has a timeout; errors are one line on stderr.
"""

from __future__ import annotations

import argparse
import socket
import sys

from labkit import cli

DEFAULT_HOST, DEFAULT_PORT = "localhost", 12345
END = "END"
HINT = "is the server running? start it with: python tcp_time_server.py"


class ServerClosed(OSError):
    """The server closed the connection before replying."""


def ask(prompt: str, default: str = "") -> str:
    """One answer from stdin; an empty line or end of input gives ``default``."""
    shown = f"{prompt} [{default}]: " if default else f"{prompt}: "
    try:
        answer = input(shown).strip()
    except EOFError:
        answer = ""
    return answer or default


class TimeClient:
    """A connection to the time server that sends lines and reads one-line replies."""

    def __init__(self, host: str, port: int, timeout: float):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buffer = b""

    def request(self, message: str) -> bytes:
        """Send ``message`` as one line and return the reply line (without its newline)."""
        self.sock.sendall(message.encode("utf-8") + b"\n")
        while b"\n" not in self.buffer:
            data = self.sock.recv(1024)
            if not data:
                raise ServerClosed("the server closed the connection")
            self.buffer += data
        reply, self.buffer = self.buffer.split(b"\n", 1)
        return reply

    def close(self) -> None:
        try:
            self.sock.sendall(END.encode("ascii") + b"\n")
        except OSError:
            pass  # the server has gone already: nothing to say goodbye to
        self.sock.close()


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Ask the time server for its time.")
    parser.add_argument("--host", help=f"server (asked on stdin if missing; [{DEFAULT_HOST}])")
    parser.add_argument("--port", type=cli.port_number, help=f"port (asked; [{DEFAULT_PORT}])")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    host = args.host or ask("Enter server host", DEFAULT_HOST)
    port = args.port
    if port is None:
        try:
            port = cli.port_number(ask("Enter server port", str(DEFAULT_PORT)))
        except argparse.ArgumentTypeError as exc:
            return cli.error(str(exc), cli.USAGE)
    try:
        client = TimeClient(host, port, args.timeout)
    except OSError as exc:
        reason = cli.with_hint(cli.describe_error(exc), HINT)
        return cli.error(f"cannot connect to {host}:{port}: {reason}")
    try:
        message = "GET TIME"
        while True:
            print(repr(client.request(message)), flush=True)
            if ask("Send more data to the server? (y/n)", "n").lower() not in ("y", "yes"):
                break
            message = ask("Enter the data to send")
            if message == END:
                break  # close() sends it
    except ServerClosed as exc:
        return cli.error(str(exc))
    except OSError as exc:
        return cli.error(f"talking to {host}:{port}: {cli.describe_error(exc)}")
    finally:
        client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
