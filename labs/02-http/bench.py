"""Benchmark: stream_download.py against curl on a 1 GiB download (throughput, peak RSS).

Doc 002's promise is that ``stream=True`` + ``iter_content`` downloads a file of any size
in a fixed amount of memory. This measures it, and what the Python layers cost in
speed, next to curl (C, libcurl) fetching the same URL in the same run:

- the server: a private nginx on 127.0.0.1 serving a sparse file of ``--size`` bytes
  (nginx's ``sendfile`` keeps the server from being the bottleneck), when ``nginx`` is
  installed; otherwise ``stream_server.py``'s ``/bytes/N`` (slower: it is Python too).
  The table says which one ran;
- the clients, one after the other, ``--repeat`` times each, best run kept: a Python
  child that imports ``stream_download.download`` (the worked example's code path) and
  ``curl -s -o FILE``. Both write to a file in the same temporary directory (removed
  afterwards), so both pay for the same sink;
- throughput = bytes / download time, measured by each client around the transfer
  (``curl -w %{time_total}``; the Python child times its ``download()`` call), so the
  interpreter's start-up is not counted against Python;
- peak RSS = ``ru_maxrss`` of the client's process, from ``os.wait4``.

Targets: the Python client's peak RSS under 64 MiB whatever the size, and its
throughput at least 0.8 x curl's.

    python bench.py                          # 1 GiB, nginx if installed
    python bench.py --size 256M --chunk-size 65536 --json /tmp/bench-02.json
    python bench.py --server python          # stream_server.py instead of nginx

This is a benchmark, not a test: numbers depend on the machine and vary between runs.
Traffic stays on 127.0.0.1. Linux and macOS (``os.wait4``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from stream_download import DEFAULT_CHUNK_SIZE

from labkit import cli
from labkit.testing import closed_port, start_script, wait_until

HERE = Path(__file__).resolve().parent
GiB = 1 << 30
MiB = 1 << 20
RSS_TARGET_MIB = 64
RATIO_TARGET = 0.8

NGINX_CONF = """\
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    types {{ application/octet-stream bin; }}
    server {{
        listen 127.0.0.1:{port};
        root {prefix}/www;
    }}
}}
"""

# The Python client: the worked example's download(), timed around the transfer only.
PYTHON_CLIENT = """\
import json, sys, time
sys.path.insert(0, {lab!r})
from stream_download import download
start = time.perf_counter()
size = download({url!r}, {out!r}, chunk_size={chunk_size}, timeout={timeout}, progress=False)
print(json.dumps({{"seconds": time.perf_counter() - start, "bytes": size}}))
"""


def size_type(text: str) -> int:
    """argparse type: bytes, with an optional K, M or G suffix (powers of 1024)."""
    units = {"K": 1 << 10, "M": MiB, "G": GiB}
    number, unit = (text[:-1], text[-1].upper()) if text[-1:].upper() in units else (text, "")
    try:
        value = int(number) * units.get(unit, 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 1G, 64M, 4096)") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 byte, not {text!r}")
    return value


# --- the server ---------------------------------------------------------------------


class NginxServer:
    """A private nginx on 127.0.0.1 serving ``/big.bin``, a sparse file of ``size`` bytes."""

    name = "nginx (sendfile, sparse file)"

    def __init__(self, size: int, workdir: Path, timeout: float):
        self.prefix = workdir / "nginx"
        for sub in ("www", "tmp"):
            (self.prefix / sub).mkdir(parents=True)
        with open(self.prefix / "www" / "big.bin", "wb") as file:
            file.truncate(size)  # sparse: no disk blocks, reads as zeros
        # nginx's workers may run as another user (when started by root): let them read.
        for path in (workdir, self.prefix, self.prefix / "www"):
            path.chmod(0o755)
        (self.prefix / "www" / "big.bin").chmod(0o644)
        self.timeout = timeout
        self.proc = None
        self.port = 0

    def __enter__(self) -> NginxServer:
        for _attempt in range(5):  # a free port might be taken between closing and nginx
            self.port = closed_port()
            conf = self.prefix / "nginx.conf"
            conf.write_text(NGINX_CONF.format(prefix=self.prefix, port=self.port))
            self.proc = subprocess.Popen(
                ["nginx", "-c", str(conf), "-p", str(self.prefix), "-e", "stderr"]
                + ["-g", "daemon off;"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            try:
                wait_until(lambda: self.proc.poll() is not None or _accepts(self.port), 5)
            except TimeoutError:
                pass
            if self.proc.poll() is None and _accepts(self.port):
                return self
            self._stop()
        errors = self.proc.stderr.read().strip() if self.proc and self.proc.stderr else ""
        raise RuntimeError(f"nginx did not start: {errors.splitlines()[-1:] or 'no message'}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/big.bin"

    def _stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: fast shutdown of master and workers
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc and self.proc.stderr:
            self.proc.stderr.close()

    def __exit__(self, *exc) -> None:
        self._stop()


class PythonServer:
    """stream_server.py in a subprocess, serving ``/bytes/SIZE``."""

    name = "stream_server.py (Python)"

    def __init__(self, size: int, workdir: Path, timeout: float):
        self.size = size
        self._running = start_script(HERE / "stream_server.py", "--port", "0", "--quiet")
        self.port = 0

    def __enter__(self) -> PythonServer:
        self.port = self._running.__enter__().port
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bytes/{self.size}"

    def __exit__(self, *exc) -> None:
        self._running.__exit__(None, None, None)


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


# --- the clients --------------------------------------------------------------------


def run_child(command: list[str], timeout: float) -> tuple[int, str, str, int]:
    """Run a client; return (exit status, stdout, stderr, peak RSS in bytes)."""
    proc = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    # Clients print one line, so the pipes cannot fill up; wait4 reaps them with rusage.
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.02)
    proc.returncode = os.waitstatus_to_exitcode(status)
    out, err = proc.stdout.read().decode(), proc.stderr.read().decode()
    proc.stdout.close()
    proc.stderr.close()
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    rss = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return proc.returncode, out, err, rss


def python_client(url: str, out: Path, chunk_size: int, timeout: float) -> list[str]:
    code = PYTHON_CLIENT.format(
        lab=str(HERE), url=url, out=str(out), chunk_size=chunk_size, timeout=timeout
    )
    return [sys.executable, "-c", code]


def curl_client(url: str, out: Path, timeout: float) -> list[str]:
    return [
        "curl", "-s", "-S", "-f", "--noproxy", "*", "--connect-timeout", str(timeout),
        "-o", str(out), "-w", '{"seconds": %{time_total}, "bytes": %{size_download}}', url,
    ]  # fmt: skip


def measure(name: str, command: list[str], out: Path, size: int, timeout: float) -> dict:
    status, stdout, stderr, rss = run_child(command, timeout)
    written = out.stat().st_size if out.exists() else 0
    out.unlink(missing_ok=True)
    if status != 0:
        raise RuntimeError(f"{name} failed (exit {status}): {stderr.strip()[-300:]}")
    figures = json.loads(stdout.strip().splitlines()[-1])
    if figures["bytes"] != size or written != size:
        raise RuntimeError(f"{name} got {figures['bytes']} bytes (file {written}), not {size}")
    seconds = max(figures["seconds"], 1e-9)
    return {"seconds": seconds, "mib_per_s": size / MiB / seconds, "peak_rss_mib": rss / MiB}


def best(runs: list[dict]) -> dict:
    """The fastest run; peak RSS is the highest seen over all runs."""
    fastest = min(runs, key=lambda r: r["seconds"])
    return {**fastest, "peak_rss_mib": max(r["peak_rss_mib"] for r in runs), "runs": runs}


# --- main ----------------------------------------------------------------------------


def run(args) -> dict:
    curl = shutil.which("curl")
    use_nginx = args.server == "nginx" or (args.server == "auto" and shutil.which("nginx"))
    if args.server == "nginx" and not shutil.which("nginx"):
        raise RuntimeError("nginx not found (apt-get install nginx, or use --server python)")
    with tempfile.TemporaryDirectory(prefix="bench-02-") as tmp:
        workdir = Path(tmp)
        server_class = NginxServer if use_nginx else PythonServer
        with server_class(args.size, workdir, args.timeout) as server:
            results = {"python": [], "curl": []}
            for _ in range(args.repeat):
                out = workdir / "python.out"
                command = python_client(server.url, out, args.chunk_size, args.timeout)
                results["python"].append(measure("python", command, out, args.size, 600))
                if curl:
                    out = workdir / "curl.out"
                    command = curl_client(server.url, out, args.timeout)
                    results["curl"].append(measure("curl", command, out, args.size, 600))
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python_version": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "server": server_class.name,
        "size_bytes": args.size,
        "chunk_size": args.chunk_size,
        "sink": "a file in a temporary directory, for both clients",
        "repeat": args.repeat,
        "python": best(results["python"]),
        "curl": best(results["curl"]) if results["curl"] else None,
    }
    python, curl_result = report["python"], report["curl"]
    report["ratio"] = python["mib_per_s"] / curl_result["mib_per_s"] if curl_result else None
    report["targets"] = {
        "rss_under_64_mib": python["peak_rss_mib"] < RSS_TARGET_MIB,
        "at_least_0.8x_curl": None if report["ratio"] is None else report["ratio"] >= RATIO_TARGET,
    }
    return report


def table(report: dict) -> str:
    lines = [
        f"server: {report['server']}; body: {report['size_bytes'] / MiB:g} MiB; "
        f"chunk size: {report['chunk_size']} bytes; sink: {report['sink']}; "
        f"best of {report['repeat']}",
        "",
        "| client | seconds | MiB/s | peak RSS (MiB) |",
        "|---|---:|---:|---:|",
    ]
    for name in ("python", "curl"):
        r = report[name]
        if r:
            label = "stream_download (requests)" if name == "python" else "curl"
            lines.append(
                f"| {label} | {r['seconds']:.2f} | {r['mib_per_s']:.0f} | {r['peak_rss_mib']:.1f} |"
            )
    targets = report["targets"]
    if report["ratio"] is None:
        lines.append("\ncurl not found: no throughput comparison")
    else:
        verdict = "met" if targets["at_least_0.8x_curl"] else "MISSED"
        lines.append(
            f"\nthroughput ratio python/curl: {report['ratio']:.2f} (target >= 0.8: {verdict})"
        )
    verdict = "met" if targets["rss_under_64_mib"] else "MISSED"
    lines.append(
        f"python peak RSS: {report['python']['peak_rss_mib']:.1f} MiB (target < 64: {verdict})"
    )
    return "\n".join(lines)


def parse_args(argv):
    parser = cli.ArgumentParser(description="Benchmark stream_download against curl.")
    parser.add_argument("--size", type=size_type, default=GiB, help="body size (default: 1G)")
    parser.add_argument(
        "--chunk-size",
        type=size_type,
        default=DEFAULT_CHUNK_SIZE,
        help=f"iter_content chunk size (default: {DEFAULT_CHUNK_SIZE})",
    )
    parser.add_argument(
        "--server", choices=("auto", "nginx", "python"), default="auto", help="what serves it"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per client (best kept)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results here")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    if not 1 <= args.repeat <= 20:
        parser.error("--repeat must be between 1 and 20")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        report = run(args)
    except (RuntimeError, OSError) as exc:
        return cli.error(str(exc))
    except KeyboardInterrupt:
        return cli.error("interrupted")
    print(table(report))
    if args.json:
        try:
            args.json.write_text(json.dumps(report, indent=2) + "\n")
        except OSError as exc:
            return cli.error(f"cannot write {args.json}: {cli.describe_error(exc)}")
        print(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
