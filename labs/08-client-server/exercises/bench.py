"""Exercise 13: a benchmark harness for the chat servers, one JSON record per server.

``python exercises/bench.py --servers selectors asyncio --clients N --senders S
--output FILE`` must, for each server named, start the lab's worked example
(``SERVERS``) on a free port, open N connections to it, wait until the server has
registered every one (its ``Connection from ADDR`` line on stdout), let S of the clients
send one message each, count what every client receives, and write one JSON object to
``FILE``, a record per server::

    {"selectors": {"connect_s": 0.01, "fanout_s": 0.004, "deliveries": 60, "rss_kb": 21000}}

* ``connect_s``: seconds to open the N connections;
* ``fanout_s``: seconds from the first message sent to the last delivery;
* ``deliveries``: messages received by all the clients together; the sender gets its
  own copy, so ``N * S`` when nothing is lost;
* ``rss_kb``: the server's resident memory (kB) while every client is connected.

Write ``measure`` (``parse_args`` and ``main`` are done). Write the load yourself,
not with ``chat_load.run_load`` (that is the worked example's ``bench.py``); these
help: ``tincanchat.testkit.start_server_subprocess`` (yields ``(proc, port)``;
``proc.wait_for_line(pattern, timeout)`` reads the server's log, ``proc.proc.pid`` is its
pid), ``chat_load.process_stats(pid)["rss_kb"]``, ``tincanchat.prep_msg`` and
``tincanchat.read_msgs`` (asyncio) or ``tincanchat.testkit.ChatClient`` (blocking).
Every wait needs a timeout (``--timeout``): a lost message must end the run, not hang it.

Graded (``pytest tests/lab08/test_ex13_bench.py``): the JSON has the four keys, with
the right types, for each server asked, and ``deliveries == N * S`` against the
selectors server (2 points); the same for two servers in one run (1).
"""

import json
import sys
from pathlib import Path

from labkit import cli, lab_dir
from tincanchat.testkit import raise_nofile_limit

LAB = lab_dir("08")
sys.path.insert(0, str(LAB))  # the lab's chat_load.py, for process_stats

SERVERS = {
    "threads": LAB / "chat_server_multithread.py",
    "selectors": LAB / "chat_server_selectors.py",
    "eventlet": LAB / "chat_server_eventlet.py",
    "asyncio": LAB / "chat_server_asyncio.py",
}


def measure(script: Path, clients: int, senders: int, timeout: float) -> dict:
    """Start ``script``, load it once, stop it; return its record (the four keys)."""
    # TODO: start the server, connect `clients` clients, wait until it has registered
    # them all, send one message from each of `senders`, count the deliveries (with a
    # timeout), read the server's RSS, close everything.
    raise NotImplementedError("exercise 13: measure one server")


def parse_args(argv):
    parser = cli.ArgumentParser(description="Benchmark chat servers: one JSON record each.")
    parser.add_argument(
        "--servers", nargs="+", choices=list(SERVERS), default=list(SERVERS), help="(all)"
    )
    parser.add_argument("--clients", type=int, default=100, help="connections, N (100)")
    parser.add_argument("--senders", type=int, default=10, help="clients that send, S (10)")
    parser.add_argument(
        "--output", type=Path, default=Path("bench.json"), help="JSON file (bench.json)"
    )
    cli.add_timeout(parser, default=30)
    args = parser.parse_args(argv)
    if not 1 <= args.senders <= args.clients:
        parser.error("need 1 <= --senders <= --clients")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    raise_nofile_limit(2 * args.clients + 200)
    results = {}
    for name in args.servers:
        try:
            results[name] = measure(SERVERS[name], args.clients, args.senders, args.timeout)
        except (OSError, TimeoutError, EOFError) as exc:
            return cli.error(f"{name}: {cli.describe_error(exc)}")
        print(f"{name}: {results[name]}", flush=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
