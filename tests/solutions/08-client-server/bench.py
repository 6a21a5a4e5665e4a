"""Exercise 13, reference solution: a small benchmark harness for the chat servers.

For each server named on the command line, ``bench.py`` starts the lab's worked example
on a free port, opens ``--clients`` connections, waits until the server has registered
every one (its ``Connection from ADDR`` lines), lets ``--senders`` of them send one
message each, and counts what every client receives. It writes one JSON object, a
record per server::

    {"selectors": {"connect_s": 0.01, "fanout_s": 0.004, "deliveries": 60, "rss_kb": 21000}}

``connect_s`` is the time to open the connections; ``fanout_s`` runs from the first
message sent to the last delivery; ``deliveries`` counts the messages received by all
clients (the sender gets its own copy: ``clients * senders`` when nothing is lost);
``rss_kb`` is the server's resident memory while every client is connected.

    python bench.py --servers selectors asyncio --clients 100 --senders 10 --output b.json
"""

import asyncio
import json
import sys
import time
from pathlib import Path

import tincanchat
from labkit import cli, lab_dir
from tincanchat.testkit import raise_nofile_limit, start_server_subprocess

LAB = lab_dir("08")
sys.path.insert(0, str(LAB))  # the lab's chat_load.py, for process_stats

from chat_load import process_stats  # noqa: E402

SERVERS = {
    "threads": LAB / "chat_server_multithread.py",
    "selectors": LAB / "chat_server_selectors.py",
    "eventlet": LAB / "chat_server_eventlet.py",
    "asyncio": LAB / "chat_server_asyncio.py",
}
CONCURRENCY = 100  # connections being opened at once


def wait_registered(proc, addrs: list[tuple], timeout: float) -> None:
    """Wait until the server has printed ``Connection from ADDR`` for every address."""
    pending = {repr(addr) for addr in addrs}
    pending -= {line.removeprefix("Connection from ") for line in proc.lines}
    deadline = time.monotonic() + timeout
    while pending:
        match = proc.wait_for_line(r"^Connection from (.*)$", deadline - time.monotonic())
        pending.discard(match.group(1))


async def load(proc, port: int, clients: int, senders: int, timeout: float) -> dict:
    """Connect, wait for the server, send, count: the figures of one run."""
    limit = asyncio.Semaphore(CONCURRENCY)

    async def connect():
        async with limit:
            return await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)

    started = time.monotonic()
    conns = await asyncio.gather(*(connect() for _ in range(clients)))
    connect_s = time.monotonic() - started
    try:
        addrs = [writer.get_extra_info("sockname") for _, writer in conns]
        await asyncio.to_thread(wait_registered, proc, addrs, timeout)
        received = [0] * clients

        async def receive(index: int, reader: asyncio.StreamReader) -> None:
            async for _ in tincanchat.read_msgs(reader):
                received[index] += 1
                if received[index] == senders:
                    return

        readers = [asyncio.create_task(receive(i, r)) for i, (r, _) in enumerate(conns)]
        started = time.monotonic()
        for number, (_, writer) in enumerate(conns[:senders]):
            writer.write(tincanchat.prep_msg(f"bench {number}"))
        await asyncio.gather(*(writer.drain() for _, writer in conns[:senders]))
        _, late = await asyncio.wait(readers, timeout=timeout)
        fanout_s = time.monotonic() - started
        for task in late:  # lost messages: count what did arrive
            task.cancel()
        rss_kb = process_stats(proc.proc.pid)["rss_kb"]  # while every client is connected
    finally:
        for _, writer in conns:
            writer.transport.abort()
    return {
        "connect_s": round(connect_s, 4),
        "fanout_s": round(fanout_s, 4),
        "deliveries": sum(received),
        "rss_kb": rss_kb,
    }


def measure(script: Path, clients: int, senders: int, timeout: float) -> dict:
    """Start ``script``, load it once, stop it; return its record."""
    with start_server_subprocess([script]) as (proc, port):
        return asyncio.run(load(proc, port, clients, senders, timeout))


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
