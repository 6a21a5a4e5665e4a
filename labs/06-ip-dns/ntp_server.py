"""A small NTP server for the lab: it answers clients with its clock, skewed on purpose.

The book asks ``pool.ntp.org``; the labs never leave your machine, so this script
plays the time server. It speaks enough of NTP (RFC 5905; the simple client/server
exchange is SNTP, RFC 4330) for ``ntplib`` and for Wireshark:

- it reads the client's 48-byte request (mode 3, "client") with ``ntplib.NTPPacket``;
- it copies the request's transmit timestamp into the reply's *originate* timestamp,
  so the client can match the reply to its request and time the round trip;
- it stamps *receive* and *transmit* with its own clock, which runs ``--skew`` seconds
  ahead of (or, negative, behind) the real time: the client then measures an offset
  of about that many seconds, as the book's client measured -4.78 s;
- it describes itself the way the book's server did: stratum 2 (it would take its
  time from a stratum-1 server), precision -23 (2**-23 s), reference id 213.136.0.252,
  root delay 0.019608 s and root dispersion 0.036987 s.

Run it, then ask it the time with ``ntp_snippet.py`` or ``ntp_client.py``::

    python ntp_server.py --skew -4.78        # udp://127.0.0.1:8123

A packet that is not an NTP request is ignored; the server keeps answering others.
Tests import :func:`start` and :func:`stop` to run the same server in a thread.
"""

from __future__ import annotations

import ipaddress
import socketserver
import sys
import threading
import time

import ntplib

from labkit import cli, server

DEFAULT_PORT = 8123
CLIENT, SERVER = 3, 4  # the "mode" field: who sends the packet
STRATUM = 2
POLL = 3  # log2 seconds: the book's server answered 3
PRECISION = -23  # log2 seconds: the clock's resolution is 2**-23 s
REF_ID = int(ipaddress.IPv4Address("213.136.0.252"))  # the server we "synchronise" with
ROOT_DELAY = 0x0505 / 2**16  # 0.019608 s, 16.16 fixed point as in the book's capture
ROOT_DISPERSION = 0x0978 / 2**16  # 0.036987 s


def ntp_now(skew: float = 0.0) -> float:
    """Our (skewed) clock as an NTP timestamp: seconds since 1900-01-01."""
    return ntplib.system_to_ntp_time(time.time() + skew)


def make_reply(request: bytes, skew: float = 0.0, last_update: float | None = None) -> bytes | None:
    """The reply to one datagram: 48 bytes, or None when it is not a client's request.

    Raises ``ntplib.NTPException`` when the datagram is too short to be NTP.
    """
    query = ntplib.NTPPacket()
    query.from_data(request)
    received = ntp_now(skew)
    if query.mode != CLIENT:
        return None
    reply = ntplib.NTPPacket(version=query.version, mode=SERVER)  # answer in its version
    reply.stratum, reply.poll, reply.precision = STRATUM, POLL, PRECISION
    reply.root_delay, reply.root_dispersion = ROOT_DELAY, ROOT_DISPERSION
    reply.ref_id = REF_ID
    reply.ref_timestamp = ntp_now(skew) if last_update is None else last_update
    reply.orig_timestamp = query.tx_timestamp  # t1, the client's clock when it sent
    reply.recv_timestamp = received  # t2, ours when the request arrived
    reply.tx_timestamp = ntp_now(skew)  # t3, ours as the reply leaves
    return reply.to_data()


class NTPHandler(socketserver.BaseRequestHandler):
    """One datagram: for a UDP server, ``self.request`` is ``(data, socket)``."""

    def handle(self) -> None:
        data, sock = self.request
        try:
            reply = make_reply(data, self.server.skew, self.server.last_update)
        except ntplib.NTPException:
            host, port = self.client_address[:2]
            print(f"ignored a malformed packet from {host}:{port}", file=sys.stderr, flush=True)
            return
        if reply is not None:
            sock.sendto(reply, self.client_address)


class NTPServer(socketserver.UDPServer):
    """A UDP server whose clock runs ``skew`` seconds off; it "last synchronised" at start."""

    def __init__(self, address: tuple[str, int], skew: float = 0.0):
        self.skew = skew
        self.last_update = ntp_now(skew)  # the reference timestamp it reports
        super().__init__(address, NTPHandler)

    @property
    def port(self) -> int:
        return self.server_address[1]


def start(skew: float = 0.0, port: int = 0, host: str = "127.0.0.1") -> NTPServer:
    """Start a server in a background thread (tests); stop it with :func:`stop`."""
    ntp = NTPServer((host, port), skew)
    threading.Thread(target=ntp.serve_forever, args=(0.1,), daemon=True).start()
    return ntp


def stop(ntp: NTPServer) -> None:
    ntp.shutdown()
    ntp.server_close()


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="A small NTP (SNTP) server for the lab.")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument(
        "--skew",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="how far our clock runs ahead of the real time (negative: behind; default 0)",
    )
    args = parser.parse_args(argv)
    try:
        ntp = NTPServer((args.host, args.port), args.skew)
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    return server.serve_until_stopped(ntp)


if __name__ == "__main__":
    sys.exit(main())
