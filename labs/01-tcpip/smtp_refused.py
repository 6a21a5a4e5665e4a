"""Break the network stack on purpose, then read the traceback it leaves behind.

Follows "Breaking a few eggs" in chapter 1 of the book: ask ``smtplib`` for an SMTP
connection to a port where nothing listens. The connection is refused, and the
traceback shows the layers at work: ``smtplib.py`` (the application protocol, SMTP)
calls ``socket.py`` (the transport, TCP), which asks the operating system to connect;
the kernel answers with errno 111, ``ECONNREFUSED``.

This script prints that traceback on purpose: reading it is the lesson. It then sums
the error up in one line and exits with status 1.

Why not port 66000, as in the book? Ports are 16-bit numbers, so 66000 is not a port
at all. Python passes it to the C library's ``getaddrinfo`` as the text "66000", and
glibc silently keeps only the low 16 bits: 66000 - 65536 = 464. The book's connection
went to port 464 (kpasswd) and was refused only because nothing listened there. This
script instead finds a port that is closed right now: it binds a socket to port 0 (the
kernel picks a free port), notes the number and closes the socket.

Run it::

    python smtp_refused.py                  # a port that nothing listens on
    python smtp_refused.py --port 2525      # or choose one
"""

from __future__ import annotations

import errno
import smtplib
import socket
import sys
import traceback
from pathlib import Path

from labkit import cli


def closed_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on: bind port 0, note what the kernel chose, close."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def try_smtp(host: str, port: int, timeout: float) -> OSError | None:
    """Open an SMTP connection; return the exception it raised (None if it worked).

    The exception keeps its traceback in ``__traceback__``.
    """
    try:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    except OSError as exc:
        return exc
    smtp.close()
    return None


def frames(exc: BaseException) -> list[traceback.FrameSummary]:
    """The frames of the exception's traceback, outermost call first."""
    return traceback.extract_tb(exc.__traceback__)


def call_chain(exc: BaseException) -> str:
    """The traceback in one line: ``file function`` for each frame, repeats merged."""
    steps: list[str] = []
    for frame in frames(exc):
        step = f"{Path(frame.filename).name} {frame.name}"
        if not steps or steps[-1] != step:
            steps.append(step)
    return " -> ".join(steps)


def summary(exc: OSError) -> str:
    """``ConnectionRefusedError: errno 111 (ECONNREFUSED)``: the exception in a line."""
    name = type(exc).__name__
    if exc.errno is None:
        return f"{name}: {exc}"
    symbol = errno.errorcode.get(exc.errno, "no errno symbol")
    return f"{name}: errno {exc.errno} ({symbol})"


def parse_args(argv):
    parser = cli.ArgumentParser(
        description="Make smtplib's connection fail and show the traceback."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address (default: 127.0.0.1)")
    parser.add_argument(
        "--port",
        type=cli.port_number,
        help="port to connect to (default: a port found closed just now)",
    )
    cli.add_timeout(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    port = args.port if args.port is not None else closed_port()
    print(f"Connecting with smtplib to {args.host}:{port}", flush=True)
    exc = try_smtp(args.host, port, args.timeout)
    if exc is None:
        return cli.error(f"an SMTP server answered on {args.host}:{port}: pick a closed port")
    # The lesson: the full traceback, from smtplib down to socket.
    traceback.print_exception(exc)
    print(file=sys.stderr)
    print(f"Call chain: {call_chain(exc)}", file=sys.stderr)
    return cli.error(summary(exc))


if __name__ == "__main__":
    sys.exit(main())
