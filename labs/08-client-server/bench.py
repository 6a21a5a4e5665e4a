"""Benchmark the chat servers: the four architectures (and ncat) under the same load.

For each server and each number of clients N, ``bench.py`` starts the server on a free
port, runs ``chat_load.run_load`` (N clients from one asyncio process, S of them sending
M messages each, every delivery counted), samples the server's resident memory, thread
count and CPU time while all clients are connected, and stops it. It writes:

* ``OUTPUT.json``: one record per run (times in seconds, latencies in milliseconds);
* ``OUTPUT.png``: connect time, fan-out time, p99 latency and memory against N;
* a Markdown table on stdout.

``connect`` is the time to open N connections (100 at a time); ``reconnects`` counts the
connections the server never registered and ``chat_load`` had to open again (see
``reconnect_unsynced``); ``fan-out`` runs from the first message sent to the last
delivery; latencies are per delivery; RSS, threads and CPU are the server's, sampled
once every message has arrived.

``ncat --broker`` (Debian's ncat, written in C) runs in the same harness as a native
reference relay, when it is installed. It relays raw bytes and, unlike the lab's
servers, does not send a message back to its sender: it is expected to deliver
``(N - 1) * S * M`` messages.

    python bench.py                                 # N = 100 and 1000, S = 10, M = 1
    python bench.py --clients 100 500 1000 --senders 10 --messages 10 --output /tmp/b

This is a benchmark, not a test: numbers depend on the machine and vary between runs.
Traffic stays on 127.0.0.1. Linux only (``/proc``, ``RLIMIT_NOFILE``).
"""

import asyncio
import json
import platform
import shutil
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from chat_load import run_load

from labkit import cli
from labkit.testing import closed_port, wait_until
from tincanchat.testkit import raise_nofile_limit, start_server_subprocess

HERE = Path(__file__).resolve().parent
SERVERS = {
    "threads": HERE / "chat_server_multithread.py",
    "selectors": HERE / "chat_server_selectors.py",
    "eventlet": HERE / "chat_server_eventlet.py",
    "asyncio": HERE / "chat_server_asyncio.py",
    "ncat": None,  # ncat --broker, started below
}
COLUMNS = [
    ("server", "server", "{}"),
    ("clients", "N", "{}"),
    ("connect_s", "connect (s)", "{:.2f}"),
    ("reconnected", "reconnects", "{}"),
    ("fanout_s", "fan-out (s)", "{:.3f}"),
    ("deliveries", "deliveries", "{}"),
    ("lost", "lost", "{}"),
    ("deliveries_per_s", "deliveries/s", "{:,}"),
    ("latency_p50_ms", "p50 (ms)", "{:.1f}"),
    ("latency_p99_ms", "p99 (ms)", "{:.1f}"),
    ("rss_mb", "RSS (MB)", "{:.1f}"),
    ("threads", "threads", "{}"),
    ("cpu_s", "CPU (s)", "{:.2f}"),
]


class NcatBroker:
    """``ncat --broker`` on a free port of 127.0.0.1, as a context manager."""

    def __init__(self, max_conns: int) -> None:
        self.port = closed_port()
        self.proc = subprocess.Popen(
            ["ncat", "--broker", "--listen", "127.0.0.1", str(self.port)]
            + ["--max-conns", str(max_conns)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.pid = self.proc.pid

    def listening(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
        except OSError:
            return False
        return True

    def __enter__(self):
        wait_until(self.listening, timeout=10)
        return self

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def bench_one(name: str, clients: int, senders: int, messages: int, timeout: float) -> dict:
    """Start server ``name``, load it once, stop it; return the figures."""
    if name == "ncat":
        with NcatBroker(clients + 50) as broker:
            time.sleep(0.2)
            result = asyncio.run(
                run_load(
                    "127.0.0.1",
                    broker.port,
                    clients,
                    senders,
                    messages,
                    timeout,
                    own_copy=False,
                    pid=broker.pid,
                )
            )
    else:
        with start_server_subprocess([SERVERS[name]]) as (proc, port):
            pid = proc.proc.pid
            result = asyncio.run(
                run_load("127.0.0.1", port, clients, senders, messages, timeout, pid=pid)
            )
    stats = result.pop("server")
    return {
        "server": name,
        **result,
        "rss_mb": round(stats["rss_kb"] / 1024, 1),
        "threads": stats["threads"],
        "cpu_s": stats["cpu_s"],
    }


def markdown_table(results: list[dict]) -> str:
    lines = [
        "| " + " | ".join(title for _, title, _ in COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for row in results:
        cells = []
        for key, _, fmt in COLUMNS:
            value = row.get(key)
            cells.append("–" if value is None else fmt.format(value))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def plot(results: list[dict], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = [
        ("connect_s", "connect N clients (s)"),
        ("fanout_s", "fan-out: all deliveries (s)"),
        ("latency_p99_ms", "p99 latency (ms)"),
        ("rss_mb", "server RSS (MB)"),
    ]
    fig, axes = plt.subplots(2, 2, figsize=(10, 7))
    for ax, (key, label) in zip(axes.flat, panels, strict=True):
        for name in dict.fromkeys(r["server"] for r in results):
            rows = [r for r in results if r["server"] == name and r.get(key) is not None]
            ax.plot([r["clients"] for r in rows], [r[key] for r in rows], marker="o", label=name)
        ax.set_xscale("log")
        ax.set_xlabel("clients (N)")
        ax.set_title(label)
        ax.grid(True, alpha=0.3)
    axes.flat[0].legend()
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def parse_args(argv):
    parser = cli.ArgumentParser(description="Benchmark the chat servers side by side.")
    parser.add_argument(
        "--clients", type=int, nargs="+", default=[100, 1000], help="values of N (100 1000)"
    )
    parser.add_argument("--senders", type=int, default=10, help="clients that send (10)")
    parser.add_argument("--messages", type=int, default=1, help="messages per sender (1)")
    parser.add_argument(
        "--servers",
        nargs="+",
        choices=list(SERVERS),
        default=list(SERVERS),
        help="which servers (default: all; ncat only if installed)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=HERE / "bench-results",
        help="path of the results without extension (default: bench-results)",
    )
    cli.add_timeout(parser, default=60)
    args = parser.parse_args(argv)
    if min(args.clients) < 1 or not 1 <= args.senders <= min(args.clients):
        parser.error("need 1 <= --senders <= every --clients value")
    if args.messages < 1:
        parser.error("--messages must be at least 1")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    servers = list(args.servers)
    if "ncat" in servers and shutil.which("ncat") is None:
        print("ncat not found (sudo apt-get install ncat): skipping it", file=sys.stderr)
        servers.remove("ncat")
    raise_nofile_limit(2 * max(args.clients) + 200)  # inherited by the servers
    results = []
    for clients in args.clients:
        for name in servers:
            print(f"{name:<10} N={clients:<6}", end=" ", flush=True)
            try:
                row = bench_one(name, clients, args.senders, args.messages, args.timeout)
            except (OSError, TimeoutError, EOFError) as exc:
                print(f"failed: {cli.describe_error(exc)}", flush=True)
                results.append({"server": name, "clients": clients, "error": str(exc)})
                continue
            results.append(row)
            print(
                f"connect {row['connect_s']:.2f} s, fan-out {row['fanout_s']:.3f} s, "
                f"lost {row['lost']}",
                flush=True,
            )
    meta = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": len(__import__("os").sched_getaffinity(0)),
        "senders": args.senders,
        "messages": args.messages,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    json_path = args.output.with_suffix(".json")
    json_path.write_text(json.dumps({"meta": meta, "results": results}, indent=2) + "\n")
    ok = [r for r in results if "error" not in r]
    title = (
        f"{args.senders} senders x {args.messages} message(s); Python {meta['python']}, "
        f"{meta['cpus']} CPUs"
    )
    if ok:
        plot(ok, args.output.with_suffix(".png"), title)
    print()
    print(markdown_table(ok))
    print(f"\nwritten: {json_path} and {args.output.with_suffix('.png')}")
    return 0 if all(r.get("lost") == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
