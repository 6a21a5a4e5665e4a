"""Exercise 7: an SNTP server written with ``struct`` and a UDP socket.

``../ntp_server.py`` leans on ``ntplib.NTPPacket``. Write the same kind of server
yourself, byte by byte (exercise 6 decoded such packets: now build one). SNTP
(RFC 4330) is NTP's simple subset: one request, one reply, no state.

``make_reply(request, skew)`` returns the 48-byte reply, or None when the datagram
is not a client's request (shorter than 48 bytes, or mode not 3). The reply has:

- LI 0, the request's version number (a server answers in the client's version),
  mode 4 (server);
- stratum 1, poll copied from the request, precision -20;
- root delay 0, root dispersion 0, reference id ``b"LOCL"`` (a local clock);
- reference, receive and transmit timestamps: our clock, ``time.time() + skew``, in
  NTP format (seconds since 1900 = Unix time + 2208988800; 32 bits of seconds and
  32 bits of fraction, big-endian);
- originate timestamp: the request's transmit timestamp (its last 8 bytes), copied
  byte for byte, so the client can match the reply to its request.

``serve(sock, skew, stop)`` answers the datagrams that arrive on the bound UDP socket
``sock`` (``recvfrom``, then ``sendto`` back to the sender) until the
``threading.Event`` ``stop`` is set. ``sock`` has a short timeout: ``recvfrom``
raises ``TimeoutError`` now and then, which is your chance to look at ``stop``. A
datagram that is not a request is ignored: keep serving.

The command line is provided::

    python sntp_server.py --port 8124 --skew 2.5
    python ../ntp_client.py --port 8124          # offset: about 2.5

Graded (``pytest tests/lab06/test_ex7_sntp_server.py``): the reply's bytes, then
``ntplib`` against your server (mode 4, the version echoed, the offset equal to the
skew), junk ignored, the command line's ready line.
"""

from __future__ import annotations

import socket
import struct
import sys
import threading
import time

from labkit import cli, server

DEFAULT_PORT = 8124
NTP_TO_UNIX = 2_208_988_800  # seconds from 1900-01-01 to 1970-01-01


PACKET = struct.Struct("!BBbbII4s8s8s8s8s")  # header, ref id, then four timestamps
CLIENT, SERVER = 3, 4


def ntp_timestamp(unix_time: float) -> bytes:
    """Unix time as an 8-byte NTP timestamp."""
    seconds = unix_time + NTP_TO_UNIX
    whole = int(seconds)
    return struct.pack("!II", whole, int((seconds - whole) * 2**32))


def make_reply(request: bytes, skew: float = 0.0) -> bytes | None:
    """The 48-byte reply to ``request``, or None when it is not a client's request."""
    received = time.time() + skew
    if len(request) < PACKET.size or request[0] & 0b111 != CLIENT:
        return None
    version = request[0] >> 3 & 0b111
    poll = struct.unpack("!b", request[2:3])[0]
    return PACKET.pack(
        version << 3 | SERVER,  # LI 0
        1,  # stratum 1: we are the reference
        poll,
        -20,  # precision
        0,  # root delay
        0,  # root dispersion
        b"LOCL",
        ntp_timestamp(received),  # reference
        request[40:48],  # originate: the client's transmit timestamp, as it was
        ntp_timestamp(received),  # receive
        ntp_timestamp(time.time() + skew),  # transmit
    )


def serve(sock: socket.socket, skew: float, stop: threading.Event) -> None:
    """Answer requests on ``sock`` until ``stop`` is set."""
    while not stop.is_set():
        try:
            data, client = sock.recvfrom(1024)
        except TimeoutError:
            continue
        reply = make_reply(data, skew)
        if reply is not None:
            sock.sendto(reply, client)


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="A small SNTP server (exercise 7).")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument("--skew", type=float, default=0.0, help="seconds ahead (default 0)")
    args = parser.parse_args(argv)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.bind((args.host, args.port))
    except OSError as exc:
        sock.close()
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    sock.settimeout(0.2)
    server.stop_on_sigterm()
    with sock:
        try:
            server.announce(sock.getsockname())
            serve(sock, args.skew, threading.Event())
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
