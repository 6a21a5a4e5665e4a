"""The lab's rules for the four chat servers, in one place: their limits and options.

The four chat servers of lab 08 (threads, ``selectors``, eventlet, asyncio) move bytes
in four different ways, but they follow the same rules, so that one client never harms
the others:

* **The sender gets its own copy.** Every message goes to every connected client, the
  sender included, in the order the server received them. (This rule lives in each
  server's ``broadcast``; nothing here.)
* **A client that falls behind is disconnected** (``--max-queue``, default
  ``MAX_QUEUE``, 1 MiB): at most that many bytes may wait to be sent to one client; one
  message of any allowed size always fits when nothing else is waiting. Past that, the
  server drops the client (``too slow``) rather than buffer without bound or make the
  others wait.
* **Bad input costs only the sender its connection** (``--max-size``, default
  ``tincanchat.MAX_MSG``, 4 MiB): a message longer than that, or text that is not UTF-8,
  and the server drops that client (``sent a bad message``). ``tincanchat.Framer``
  enforces both.
* **A client that floods is slowed down** (``--max-rate``, default ``MAX_RATE``,
  1 MB/s): after a first burst of ``MAX_BURST`` bytes (1 MiB), the server reads at most
  that many bytes per second from each client, on average. ``RateLimit`` says how long
  to stop reading a client that sends faster; while it is not read, TCP makes *it*
  wait, and the others are not slowed.
* **A graceful close (FIN) gets what was queued**: the server keeps sending the lines
  already queued for a departing client for up to ``FLUSH_TIMEOUT`` seconds, then
  closes. A reset (RST) gets nothing.

What is here: the defaults (``MAX_QUEUE``, ``MAX_RATE``, ``MAX_BURST``,
``FLUSH_TIMEOUT``), the token bucket ``RateLimit``, ``shown`` (a long line shortened for
the server's log), and the command-line options every chat server takes:
``add_server_options`` adds ``--host``, ``--port``, ``--max-size``, ``--max-queue`` and
``--max-rate``; ``check_server_options`` rejects a limit below 1 after parsing::

    parser = cli.ArgumentParser(description="Chat server: ...")
    add_server_options(parser)
    args = parser.parse_args(argv)
    check_server_options(parser, args)
"""

import argparse
import time

from labkit import cli
from tincanchat.framing import DEFAULT_HOST, DEFAULT_PORT, MAX_MSG

MAX_QUEUE = 1024 * 1024  # bytes that may wait for one client
MAX_RATE = 1_000_000  # bytes per second read from one client, on average...
MAX_BURST = 1024 * 1024  # ...after a first burst of up to this many
FLUSH_TIMEOUT = 5.0  # seconds to deliver what is queued after a client's FIN


def shown(line: str, limit: int = 100) -> str:
    """``line`` for the server's log, shortened if long."""
    return line if len(line) <= limit else f"{line[:limit]}... ({len(line)} characters)"


class RateLimit:
    """A token bucket: how long to pause reading a client that sends too much, too fast.

    The client may send ``burst`` bytes at once, then ``rate`` bytes per second on
    average. Paused, it is not read, so TCP makes *it* wait: the others are not slowed.
    """

    def __init__(self, rate: int, burst: int = MAX_BURST) -> None:
        self.rate, self.burst = rate, burst
        self.allowance, self.last = float(burst), time.monotonic()

    def charge(self, count: int) -> float:
        """Count ``count`` bytes just read; return the seconds to wait before reading more."""
        now = time.monotonic()
        self.allowance = min(self.burst, self.allowance + (now - self.last) * self.rate)
        self.allowance -= count
        self.last = now
        return max(0.0, -self.allowance / self.rate)


def add_server_options(parser: argparse.ArgumentParser, max_rate: int = MAX_RATE) -> None:
    """Add ``--host``, ``--port``, ``--max-size``, ``--max-queue`` and ``--max-rate``.

    ``max_rate`` is the default of ``--max-rate``: a server may choose another one.
    """
    cli.add_host_port(parser, DEFAULT_HOST, DEFAULT_PORT)
    parser.add_argument(
        "--max-size",
        type=int,
        default=MAX_MSG,
        metavar="BYTES",
        help=f"longest message accepted (default: {MAX_MSG})",
    )
    parser.add_argument(
        "--max-queue",
        type=int,
        default=MAX_QUEUE,
        metavar="BYTES",
        help=f"bytes that may wait for one client before it is dropped (default: {MAX_QUEUE})",
    )
    parser.add_argument(
        "--max-rate",
        type=int,
        default=max_rate,
        metavar="BYTES",
        help=f"bytes per second read from one client, on average (default: {max_rate})",
    )


def check_server_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Exit with a usage error (status 2) unless every limit is at least 1."""
    if min(args.max_size, args.max_queue, args.max_rate) < 1:
        parser.error("--max-size, --max-queue and --max-rate must be at least 1")
