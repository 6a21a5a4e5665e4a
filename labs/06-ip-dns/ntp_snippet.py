"""Ask an NTP server the time: the book's three-line ntplib snippet.

Follows "NTP clients" in chapter 6. ``ntplib.NTPClient().request(host)`` sends one
48-byte request over UDP and returns the parsed reply; ``tx_time`` is the moment the
server sent it, in seconds since 1970 (Unix time), which ``time.ctime`` prints in
local time. The book asks ``pool.ntp.org``; here the lab's own ``ntp_server.py``
answers, so start it first::

    python ntp_server.py &
    python ntp_snippet.py                       # server 127.0.0.1, port 8123
"""

from __future__ import annotations

import socket
import sys
import time

import ntplib

from labkit import cli

DEFAULT_PORT = 8123


def server_time(server: str, port: int, timeout: float) -> float:
    """The server's transmit time, in seconds since 1970."""
    response = ntplib.NTPClient().request(server, port=port, timeout=timeout)
    return response.tx_time


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Print an NTP server's time.")
    parser.add_argument("--server", default="127.0.0.1", help="NTP server (default: 127.0.0.1)")
    parser.add_argument(
        "--port", type=cli.port_number, default=DEFAULT_PORT, help="UDP port (default: 8123)"
    )
    cli.add_timeout(parser, 2)
    args = parser.parse_args(argv)
    try:
        print(time.ctime(server_time(args.server, args.port, args.timeout)))
    except ntplib.NTPException as exc:  # no reply in time, or one too short to be NTP
        if isinstance(exc.__context__, TimeoutError):  # ntplib raised it on a timeout
            return cli.error(
                f"no NTP reply from {args.server}:{args.port} within {args.timeout:g} s"
            )
        return cli.error(f"{args.server}:{args.port}: malformed NTP reply ({exc})")
    except (OSError, socket.gaierror) as exc:
        return cli.error(f"{args.server}:{args.port}: {cli.describe_error(exc)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
