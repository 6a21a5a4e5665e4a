"""Exercise 14, reference solution: dumpcap records one echo exchange on lo."""

import math
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time

import tincanchat
from labkit import cli

HOST = "127.0.0.1"  # the echo server runs on this machine: capture on loopback only
INTERFACE = "lo"
STARTED = b"File: "  # dumpcap's line once the interface and the output file are open
SETTLE = 1.0  # seconds for the last packets to reach dumpcap (it gets them in blocks)
DEFAULT_MESSAGE = "Hello, wire!"


class CaptureError(Exception):
    """dumpcap is missing, may not capture, or does not start in time."""


def start_capture(port: int, out: str, timeout: float) -> subprocess.Popen[bytes]:
    """Start dumpcap on lo for ``tcp port PORT``; return once it is capturing."""
    seconds = math.ceil(3 * timeout) + 5  # a safety net: dumpcap stops by itself after that
    command = ["dumpcap", "-q", "-i", INTERFACE, "-f", f"tcp port {port}"]
    command += ["-w", out, "-a", f"duration:{seconds}"]
    try:
        dumpcap = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
    except FileNotFoundError:
        raise CaptureError("dumpcap not found: sudo apt-get install tshark") from None
    try:
        wait_until_capturing(dumpcap, timeout)
    except BaseException:
        kill(dumpcap)
        raise
    return dumpcap


def wait_until_capturing(dumpcap: subprocess.Popen[bytes], timeout: float) -> None:
    """Read dumpcap's stderr until it says ``File: …``; CaptureError if it fails or is slow.

    dumpcap writes ``Capturing on 'Loopback: lo'`` as soon as it starts, even when it is
    about to fail (no permission, a file it cannot create). ``File: PATH`` comes once the
    interface and the file are open; a failure prints ``dumpcap: why`` and exits instead.
    """
    assert dumpcap.stderr is not None
    seen = b""
    deadline = time.monotonic() + timeout
    while STARTED not in seen:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise CaptureError(f"dumpcap did not start capturing within {timeout:g} s")
        readable, _, _ = select.select([dumpcap.stderr], [], [], remaining)
        if not readable:
            continue
        chunk = os.read(dumpcap.stderr.fileno(), 4096)
        if not chunk:  # end of stderr: dumpcap has exited
            raise CaptureError(failure_reason(seen.decode(errors="replace")))
        seen += chunk


def failure_reason(stderr: str) -> str:
    """One line out of dumpcap's error report (it is several lines long)."""
    for line in stderr.splitlines():
        if line.startswith("dumpcap: "):
            reason = line.removeprefix("dumpcap: ")
            if "permission" in reason:
                reason += " (run as root, or join the wireshark group)"
            return f"dumpcap cannot capture: {reason}"
    return "dumpcap exited before capturing"


def stop_capture(
    dumpcap: subprocess.Popen[bytes], timeout: float, settle: float = SETTLE
) -> int | None:
    """Stop dumpcap as Ctrl-C would (SIGINT), so it closes the file properly.

    Returns the number of packets it reports having captured (None if it does not say).
    """
    if dumpcap.poll() is None:
        time.sleep(settle)
        dumpcap.send_signal(signal.SIGINT)
    try:
        _, stderr = dumpcap.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill(dumpcap)
        raise CaptureError(f"dumpcap did not stop within {timeout:g} s") from None
    match = re.search(rb"Packets captured: (\d+)", stderr)
    return int(match.group(1)) if match else None


def kill(dumpcap: subprocess.Popen[bytes]) -> None:
    """End a dumpcap that failed or hangs, without waiting for the rest of its output."""
    dumpcap.kill()
    dumpcap.wait()
    if dumpcap.stderr is not None:
        dumpcap.stderr.close()


def echo_once(port: int, message: str, timeout: float) -> str:
    """One echo exchange: connect, send one framed message, read the echo, close."""
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        tincanchat.send_msg(sock, message)
        return tincanchat.recv_msg(sock)


def parse_args(argv):
    parser = cli.ArgumentParser(
        description="Capture one echo exchange with dumpcap on lo, into a pcapng file."
    )
    parser.add_argument(
        "--port", type=cli.port_number, required=True, help="the echo server's port (on lo)"
    )
    parser.add_argument("--out", required=True, metavar="FILE", help="the pcapng file to write")
    parser.add_argument(
        "--message", default=DEFAULT_MESSAGE, help=f"what to send (default: {DEFAULT_MESSAGE})"
    )
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    if args.port == 0:
        parser.error("--port 0: give the port the echo server listens on")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        dumpcap = start_capture(args.port, args.out, args.timeout)
        try:
            echo = echo_once(args.port, args.message, args.timeout)
        finally:
            packets = stop_capture(dumpcap, args.timeout)
    except KeyboardInterrupt:
        return 130
    except CaptureError as exc:
        return cli.error(str(exc))
    except (OSError, ValueError) as exc:
        hint = f"is an echo server listening on port {args.port}?"
        return cli.error(cli.with_hint(cli.describe_error(exc), hint))
    counted = "?" if packets is None else packets
    print(f"Sent: {args.message}")
    print(f"Echo: {echo}")
    print(f"Captured {counted} packets on {INTERFACE} (tcp port {args.port}) into {args.out}")
    print(f"Read them with: tshark -r {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
