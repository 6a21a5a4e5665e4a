"""Load a chat server with many clients from one asyncio process, and count deliveries.

Opens ``--clients`` connections to a chat server, makes sure the server has registered
every one of them, then lets ``--senders`` of them send ``--messages`` messages each,
and counts what every client receives. With the lab's rule (the sender gets its own
copy) every client must receive every message: ``clients * senders * messages``
deliveries, none lost. Each message carries the time it was sent, so the delay of each
delivery is known too.

How the barrier works: a TCP connection can be complete before the server has called
``accept`` for it, and a message sent then would miss the clients not registered yet.
So, once all clients are connected, one more client (the probe) sends ``sync`` messages
until every client has received one. Only then does the measured part start.

    python chat_load.py --port 4040 --clients 1000 --senders 10
    python chat_load.py --port 4040 --clients 200 --senders 5 --json --pid 12345

``--pid`` adds the server's resident memory, thread count and CPU time (Linux
``/proc``). The tests run this command line; ``bench.py`` calls ``run_load()``. Each
phase (connect and sync, then fan-out) is bounded by ``--timeout``: a server that loses
messages makes the run end with ``lost`` > 0, never hang. Loopback only.
"""

import asyncio
import json
import os
import socket
import statistics
import sys
import time
from dataclasses import dataclass, field

import tincanchat
from labkit import cli
from tincanchat.testkit import raise_nofile_limit

SYNC, DATA = "sync", "m"
RECONNECT_AFTER = 5  # sync rounds (seconds) before an unregistered client reconnects


@dataclass
class LoadClient:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    synced: bool = False
    received: int = 0
    closed: bool = False
    latencies: list[float] = field(default_factory=list)


def payload(msg: str) -> str:
    """The text a client sent: the lab's servers put ``"(host, port): "`` in front."""
    return msg.rpartition(": ")[2]


async def read_loop(client: LoadClient) -> None:
    framer = tincanchat.Framer()
    try:
        while chunk := await client.reader.read(65536):
            now = time.monotonic()
            for msg in framer.feed(chunk):
                kind, _, rest = payload(msg).partition(":")
                if kind == DATA:
                    client.received += 1
                    client.latencies.append(now - float(rest.rpartition(":")[2]))
                elif kind == SYNC:
                    client.synced = True
    except (OSError, ValueError):
        pass
    client.closed = True


async def connect(host: str, port: int, limit: asyncio.Semaphore, timeout: float) -> LoadClient:
    async with limit:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return LoadClient(reader, writer)


async def reconnect_unsynced(group, readers, host, port, limit) -> int:
    """Replace the clients that the server has still not registered; return how many.

    When a burst of connections overflows the server's accept queue and the kernel
    answers with SYN cookies, the client's last handshake ACK can be dropped: the client
    believes it is connected, the server never hears of it, and a client that sends
    nothing never gives the server's kernel another chance. A new connection fixes it.
    """
    ghosts = [n for n, c in enumerate(group) if not c.synced]
    for n in ghosts:
        group[n].writer.transport.abort()
        group[n] = await connect(host, port, limit, 10)
        readers.append(asyncio.create_task(read_loop(group[n])))
    return len(ghosts)


async def wait_for(predicate, deadline: float, interval: float = 0.01) -> bool:
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(interval)
    return True


async def run_load(
    host: str,
    port: int,
    clients: int,
    senders: int,
    messages: int = 1,
    timeout: float = 60,
    own_copy: bool = True,
    concurrency: int = 100,
    pid: int | None = None,
) -> dict:
    """Run one load test; return its figures (times in seconds, latencies in ms)."""
    deadline = time.monotonic() + timeout
    limit = asyncio.Semaphore(concurrency)
    started = time.monotonic()
    group = await asyncio.gather(*(connect(host, port, limit, timeout) for _ in range(clients)))
    connect_s = time.monotonic() - started
    probe = await connect(host, port, limit, timeout)
    readers = [asyncio.create_task(read_loop(c)) for c in [*group, probe]]
    reconnected = 0
    try:
        # Barrier: sync messages until every client has seen one.
        rounds = 0
        while not all(c.synced for c in group) and time.monotonic() < deadline:
            rounds += 1
            if rounds % RECONNECT_AFTER == 0:
                reconnected += await reconnect_unsynced(group, readers, host, port, limit)
            probe.writer.write(tincanchat.prep_msg(f"{SYNC}:{rounds}"))
            await probe.writer.drain()
            await wait_for(lambda: all(c.synced for c in group), time.monotonic() + 1)
        synced = sum(c.synced for c in group)
        sync_s = time.monotonic() - started - connect_s

        expected_each = senders * messages if own_copy else None
        expected = clients * senders * messages if own_copy else (clients - 1) * senders * messages
        started = time.monotonic()
        for seq in range(messages):
            for number, client in enumerate(group[:senders]):
                text = f"{DATA}:{number}:{seq}:{time.monotonic():.6f}"
                client.writer.write(tincanchat.prep_msg(text))
        await asyncio.gather(*(c.writer.drain() for c in group[:senders]))
        deadline = started + timeout  # the fan-out has its own time limit
        await wait_for(lambda: sum(c.received for c in group) >= expected, deadline, 0.001)
        fanout_s = time.monotonic() - started
        await asyncio.sleep(0.05)  # a duplicate would show up now
        stats = process_stats(pid) if pid else None  # while every client is connected
        closed = sum(c.closed for c in group)  # by the server, before we close them all
    finally:
        for c in [*group, probe]:
            c.writer.transport.abort()
        await asyncio.gather(*readers, return_exceptions=True)

    deliveries = sum(c.received for c in group)
    latencies = sorted(x for c in group for x in c.latencies)
    return {
        "clients": clients,
        "senders": senders,
        "messages": messages,
        "synced": synced,
        "sync_rounds": rounds,
        "reconnected": reconnected,
        "expected": expected,
        "deliveries": deliveries,
        "lost": expected - deliveries,
        "complete_clients": sum(c.received == expected_each for c in group) if own_copy else None,
        "closed_by_server": closed,
        "connect_s": round(connect_s, 4),
        "sync_s": round(sync_s, 4),
        "fanout_s": round(fanout_s, 4),
        "deliveries_per_s": round(deliveries / fanout_s) if fanout_s > 0 else None,
        "latency_p50_ms": percentile_ms(latencies, 50),
        "latency_p99_ms": percentile_ms(latencies, 99),
        **({"server": stats} if stats else {}),
    }


def percentile_ms(values: list[float], pct: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0] * 1000, 3)
    return round(statistics.quantiles(values, n=100, method="inclusive")[int(pct) - 1] * 1000, 3)


def process_stats(pid: int) -> dict:
    """Resident memory (kB), threads, open fds and CPU seconds of process ``pid`` (Linux)."""
    status = {}
    with open(f"/proc/{pid}/status") as file:
        for line in file:
            key, _, value = line.partition(":")
            status[key] = value.split()
    with open(f"/proc/{pid}/stat") as file:
        fields = file.read().rpartition(")")[2].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return {
        "rss_kb": int(status["VmRSS"][0]),
        "threads": int(status["Threads"][0]),
        "fds": len(os.listdir(f"/proc/{pid}/fd")),
        "cpu_s": round((int(fields[11]) + int(fields[12])) / ticks, 2),
    }


def parse_args(argv):
    parser = cli.ArgumentParser(description="Load a chat server; count every delivery.")
    cli.add_host_port(parser, tincanchat.DEFAULT_HOST, tincanchat.DEFAULT_PORT)
    parser.add_argument("--clients", type=int, default=100, help="connections (default: 100)")
    parser.add_argument("--senders", type=int, default=10, help="clients that send (default: 10)")
    parser.add_argument("--messages", type=int, default=1, help="messages per sender (default: 1)")
    parser.add_argument("--pid", type=int, help="the server's PID: report its RSS and threads")
    parser.add_argument(
        "--no-own-copy",
        dest="own_copy",
        action="store_false",
        help="the server does not send the sender its own message (rule 5, ncat --broker)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    cli.add_timeout(parser, default=60)
    args = parser.parse_args(argv)
    if args.clients < 1 or not 1 <= args.senders <= args.clients or args.messages < 1:
        parser.error("need 1 <= --senders <= --clients and --messages >= 1")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    raise_nofile_limit(2 * args.clients + 100)
    try:
        result = asyncio.run(
            run_load(
                args.host,
                args.port,
                args.clients,
                args.senders,
                args.messages,
                args.timeout,
                args.own_copy,
                pid=args.pid,
            )
        )
    except (OSError, TimeoutError) as exc:
        return cli.error(f"cannot load {args.host}:{args.port}: {cli.describe_error(exc)}")
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:<18}{value}")
    return 0 if result["lost"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
