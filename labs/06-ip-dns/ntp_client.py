"""An NTP client that prints what the server says about itself and its clock.

Follows the book's ``6_5_ntp_client.py`` (chapter 6). One request, one reply; the
reply's fields tell you how far to trust the server:

- ``stratum``: its distance from a reference clock (1: it has one attached; 2: it
  asks a stratum-1 server; ...); ``ref_clock``: for stratum 2 and up, the address of
  the server it synchronises with (``ref_id_to_text`` turns the 32-bit id into text);
- ``last_update``: when it last set its clock (Unix time); ``precision``: its clock's
  resolution as a power of two (-23: 2**-23 s, about 0.1 microsecond);
- ``root_delay`` and ``root_dispersion``: the round trip to, and the error bound
  accumulated from, the reference clock, in seconds;
- ``offset``: how far OUR clock is from the server's, from the four timestamps
  t1 (we send) t2 (it receives) t3 (it sends) t4 (we receive):
  ((t2 - t1) + (t3 - t4)) / 2. Positive: the server is ahead of us.

The protocol is NTP version 4 (RFC 5905; the simple request/reply is SNTP, RFC 4330;
the book cites the 1985 RFC 958). ntplib asks in version 2 by default, as the book's
capture shows; ``--version`` changes it. Start the lab's server first::

    python ntp_server.py --skew -4.78 &
    python ntp_client.py                         # server 127.0.0.1, port 8123
"""

from __future__ import annotations

import socket
import sys
import time

import ntplib

from labkit import cli

DEFAULT_PORT = 8123
SERVER_MODE = 4


def query(server: str, port: int, version: int, timeout: float) -> ntplib.NTPStats:
    """Ask ``server`` once; ValueError when the reply is not a server's answer."""
    response = ntplib.NTPClient().request(server, version=version, port=port, timeout=timeout)
    if response.mode != SERVER_MODE:
        raise ValueError(f"not an NTP server's reply (mode {response.mode}, expected 4)")
    return response


def report(response: ntplib.NTPStats) -> list[str]:
    """The book's lines."""
    return [
        f"Received time: {time.ctime(response.tx_time)}",
        f"ref_clock: {ntplib.ref_id_to_text(response.ref_id, response.stratum)}",
        f"stratum: {response.stratum}",
        f"last_update: {response.ref_time:.1f}",
        f"offset: {response.offset:f}",
        f"precision: {response.precision}",
        f"root_delay: {response.root_delay:.6f}",
        f"root_dispersion: {response.root_dispersion:.6f}",
    ]


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Query an NTP server and print its reply.")
    parser.add_argument("--server", default="127.0.0.1", help="NTP server (default: 127.0.0.1)")
    parser.add_argument(
        "--port", type=cli.port_number, default=DEFAULT_PORT, help="UDP port (default: 8123)"
    )
    parser.add_argument(
        "--version",
        type=int,
        choices=range(1, 5),
        default=2,
        metavar="{1,2,3,4}",
        help="NTP version to ask in (default: 2, ntplib's default and the book's)",
    )
    cli.add_timeout(parser, 2)
    args = parser.parse_args(argv)
    try:
        response = query(args.server, args.port, args.version, args.timeout)
    except ntplib.NTPException as exc:  # no reply in time, or one too short to be NTP
        if isinstance(exc.__context__, TimeoutError):  # ntplib raised it on a timeout
            return cli.error(
                f"no NTP reply from {args.server}:{args.port} within {args.timeout:g} s"
            )
        return cli.error(f"{args.server}:{args.port}: malformed NTP reply ({exc})")
    except ValueError as exc:
        return cli.error(f"{args.server}:{args.port}: {exc}")
    except (OSError, socket.gaierror) as exc:
        return cli.error(f"{args.server}:{args.port}: {cli.describe_error(exc)}")
    print("\n".join(report(response)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
