"""Exercise 8: reliable delivery over UDP with sequence numbers, timeouts and retries.

UDP loses, duplicates and reorders datagrams without telling anyone. The simplest
cure is *stop-and-wait*: number the messages 0, 1, 2, ..., send one, wait for its
acknowledgement, and send it again when none arrives in time.

    data packet:      | seq: 4 bytes, big-endian | payload |
    acknowledgement:  | seq: 4 bytes, big-endian |

``make_packet``, ``parse_packet``, ``serve`` and the command line are provided. Write:

``Receiver.handle(datagram)``
    the receiver's side. A packet whose ``seq`` is ``self.expected`` is new: append
    its payload to ``self.delivered``, move ``expected`` on, and return its
    acknowledgement. A packet with a smaller ``seq`` is a duplicate (the sender missed
    our acknowledgement): acknowledge it again but do not deliver it twice. A packet
    ahead of ``expected``, or one too short for a header, gets ``None`` (no answer).
``send_reliable(sock, address, payloads, timeout, retries)``
    the sender's side: for each payload in turn, send its packet and wait up to
    ``timeout`` seconds for the acknowledgement *of that seq*, ignoring any other
    (stale or duplicated) acknowledgement; send again when the wait runs out, at most
    ``retries`` times after the first send; then raise ``DeliveryError`` with a
    message such as ``no acknowledgement for message 3 after 5 retries``.
    A ``settimeout`` of the time left before the deadline bounds each ``recv``.

The command line sends its arguments and reports a dead server in one line:

    python exercises/reliable_udp.py --port 9999 --timeout 0.2 --retries 3 one two
    reliable_udp.py: error: no acknowledgement for message 0 after 3 retries

Graded (``pytest tests/lab07/test_ex8_reliable_udp.py``): ``Receiver.handle`` on new,
duplicate, future and short datagrams; 30 messages sent through a proxy that drops
and duplicates datagrams deterministically arrive exactly once and in order at a
test receiver, and at your own ``Receiver`` behind ``serve``; against a server that
never answers, exactly ``1 + retries`` sends then ``DeliveryError``; the command line's
one-line error and exit status 1.
"""

from __future__ import annotations

import socket
import struct
import sys
import threading
import time  # noqa: F401 - for send_reliable()

from labkit import cli

HEADER = struct.Struct("!I")  # the sequence number: 4 bytes, big-endian


class DeliveryError(Exception):
    """A message was not acknowledged after every retry."""


def make_packet(seq: int, payload: bytes) -> bytes:
    """A data packet: the sequence number, then the payload."""
    return HEADER.pack(seq) + payload


def parse_packet(datagram: bytes) -> tuple[int, bytes]:
    """(sequence number, payload); ValueError if the datagram is shorter than a header."""
    if len(datagram) < HEADER.size:
        raise ValueError(f"datagram of {len(datagram)} bytes has no header")
    return HEADER.unpack_from(datagram)[0], datagram[HEADER.size :]


class Receiver:
    """The receiving side's state: what has been delivered, what comes next."""

    def __init__(self) -> None:
        self.expected = 0  # the sequence number of the next new message
        self.delivered: list[bytes] = []

    def handle(self, datagram: bytes) -> bytes | None:
        """Process one datagram; return the acknowledgement to send back, or None."""
        # TODO (exercise 8)
        raise NotImplementedError("exercise 8: write Receiver.handle()")


def serve(sock: socket.socket, receiver: Receiver, stop: threading.Event) -> None:
    """Answer datagrams on ``sock`` with ``receiver`` until ``stop`` is set."""
    sock.settimeout(0.05)
    while not stop.is_set():
        try:
            datagram, address = sock.recvfrom(65535)
        except TimeoutError:
            continue
        except OSError:
            return
        ack = receiver.handle(datagram)
        if ack is not None:
            sock.sendto(ack, address)


def send_reliable(
    sock: socket.socket,
    address: tuple[str, int],
    payloads: list[bytes],
    timeout: float = 0.5,
    retries: int = 5,
) -> None:
    """Deliver each payload once and in order, numbering them 0, 1, 2, ..."""
    # TODO (exercise 8): a deadline per send, settimeout(time left), skip other acks.
    raise NotImplementedError("exercise 8: write send_reliable()")


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Send messages reliably over UDP.")
    parser.add_argument("messages", nargs="+", help="the messages to send, in order")
    cli.add_host_port(parser, "127.0.0.1", 9999)
    cli.add_timeout(parser, default=0.5)
    parser.add_argument("--retries", type=int, default=5, help="retries per message (default: 5)")
    args = parser.parse_args(argv)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            payloads = [message.encode() for message in args.messages]
            send_reliable(sock, (args.host, args.port), payloads, args.timeout, args.retries)
        except DeliveryError as exc:
            return cli.error(str(exc))
        except OSError as exc:
            return cli.error(cli.describe_error(exc))
    print(f"{len(payloads)} messages delivered")
    return 0


if __name__ == "__main__":
    sys.exit(main())
