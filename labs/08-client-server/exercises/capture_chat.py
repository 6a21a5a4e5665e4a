"""Exercise 14: capture the chat. dumpcap records one echo exchange on lo.

Appendix A of the book captures traffic with Wireshark's window; this script does it
from Python, the way the lab's tests do: start the capture, make the traffic, stop the
capture, and leave a pcapng file that tshark or Wireshark can open::

    python echo_server_multi.py --port 4040          # in another terminal
    python exercises/capture_chat.py --port 4040 --out chat.pcapng   # as root
    tshark -r chat.pcapng

Capturing needs tshark's ``dumpcap`` and the right to capture on ``lo`` (root, or the
``wireshark`` group). ``parse_args`` and ``main`` are done; write the three functions:

* ``start_capture``: run ``dumpcap -q -i lo -f "tcp port PORT" -w FILE -a duration:N``
  with ``subprocess.Popen`` (stderr to a pipe) and return only once it is capturing.
  dumpcap reports on stderr: ``Capturing on 'Loopback: lo'`` as it starts, then
  ``File: FILE`` once the interface and the file are open. Beware: it prints
  ``Capturing on`` even when it is about to fail; then a ``dumpcap: why`` line follows
  and it exits. Wait at most ``timeout`` seconds (``select.select`` on the pipe, then
  ``os.read``, or a reader thread), stop dumpcap and raise ``CaptureError`` with one
  line if it fails, exits or is too slow, and also if ``dumpcap`` is not installed
  (``FileNotFoundError``). ``-a duration:N`` is a safety net: dumpcap stops by itself
  after N seconds even if this script dies first.
* ``echo_once``: ONE exchange with the echo server on 127.0.0.1: connect, send the
  message NUL-terminated (``tincanchat.send_msg``), read the echo
  (``tincanchat.recv_msg``), close. Every wait has the timeout.
* ``stop_capture``: wait ``settle`` seconds first: the kernel hands dumpcap its packets
  in blocks, about every quarter of a second, and a dumpcap stopped at once never
  writes the last block (the FINs, or the whole exchange). Then send SIGINT (what
  Ctrl-C does: dumpcap closes its file properly), wait for it with a timeout (kill it
  if it hangs) and return the count from its final ``Packets captured: N`` line.

Errors are one line on stderr and exit status 1 (``main`` does that for
``CaptureError`` and ``OSError``): dumpcap missing, capture not permitted, the server
refusing the connection, a timeout. Bad arguments exit with status 2.

Graded (``pytest tests/lab08/test_ex14_capture.py``, as root: the tests skip when
capturing is not possible), on the file your script writes while the lab's
``echo_server_multi.py`` answers: it is a capture that starts with the three-way
handshake, SYN, SYN-ACK, ACK (1 point); exactly one client segment carries data, the
message and its NUL, so its payload ends in ``00``, and the echo comes back (2); a FIN
from each side (1); a refused port is a one-line error with status 1, a bad port a
one-line error with status 2 (1).
"""

import subprocess
import sys

import tincanchat  # noqa: F401 - echo_once needs tincanchat.send_msg and recv_msg
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
    # TODO: Popen dumpcap (its stderr to a pipe), wait for its File: line, then return it
    raise NotImplementedError("exercise 14: start dumpcap")


def stop_capture(
    dumpcap: subprocess.Popen[bytes], timeout: float, settle: float = SETTLE
) -> int | None:
    """Stop dumpcap as Ctrl-C would (SIGINT), so it closes the file properly.

    Returns the number of packets it reports having captured (None if it does not say).
    """
    # TODO: settle, SIGINT, wait with a timeout, read the Packets captured line
    raise NotImplementedError("exercise 14: stop dumpcap")


def echo_once(port: int, message: str, timeout: float) -> str:
    """One echo exchange: connect, send one framed message, read the echo, close."""
    # TODO: connect, send_msg, recv_msg, close
    raise NotImplementedError("exercise 14: one echo exchange")


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
