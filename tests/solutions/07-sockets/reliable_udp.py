"""Exercise 8: reliable delivery over UDP, stop-and-wait (reference solution)."""

from __future__ import annotations

import socket
import struct
import sys
import threading
import time

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
        try:
            seq, payload = parse_packet(datagram)
        except ValueError:
            return None
        if seq == self.expected:
            self.delivered.append(payload)
            self.expected += 1
        elif seq > self.expected:
            return None  # ahead of what a stop-and-wait sender may send: ignore it
        return HEADER.pack(seq)  # new or an old duplicate: (re-)acknowledge it


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


def wait_for_ack(sock: socket.socket, seq: int, timeout: float) -> bool:
    """True when the acknowledgement of ``seq`` arrives within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while (remaining := deadline - time.monotonic()) > 0:
        sock.settimeout(remaining)
        try:
            datagram = sock.recv(65535)
        except TimeoutError:
            return False
        except ConnectionRefusedError:  # an ICMP port unreachable: count it as a loss
            continue
        if len(datagram) == HEADER.size and HEADER.unpack(datagram)[0] == seq:
            return True
        # a stale or duplicated acknowledgement: keep waiting for ours
    return False


def send_reliable(
    sock: socket.socket,
    address: tuple[str, int],
    payloads: list[bytes],
    timeout: float = 0.5,
    retries: int = 5,
) -> None:
    """Deliver each payload once and in order, numbering them 0, 1, 2, ..."""
    for seq, payload in enumerate(payloads):
        packet = make_packet(seq, payload)
        for _ in range(1 + retries):
            sock.sendto(packet, address)
            if wait_for_ack(sock, seq, timeout):
                break
        else:
            raise DeliveryError(f"no acknowledgement for message {seq} after {retries} retries")


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
