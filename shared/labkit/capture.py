"""Packet capture for the "Inspect it" sections: tshark on loopback, read back as fields.

    with Capture(bpf="tcp port 8001") as cap:     # tshark is capturing when this returns
        ...make some traffic...
    rows = read_fields(cap.path, ["http.request.method", "http.user_agent"],
                       display_filter="http.request", decode_as=["tcp.port==8001,http"])

Capture only on ``lo`` (or an interface of the project's own namespaces) and always
filter on your own port: other programs on the same machine may use loopback too.
Capturing needs tshark and the right to capture (root, or membership of the
``wireshark`` group); :func:`capture_problem` says what is missing.
"""

from __future__ import annotations

import functools
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

READY_TEXT = "Capturing on"


@functools.cache
def capture_problem(interface: str = "lo") -> str | None:
    """None when we can capture on ``interface``, else what is missing and how to fix it."""
    if shutil.which("tshark") is None or shutil.which("dumpcap") is None:
        return "tshark not installed: sudo apt-get install tshark"
    try:
        probe = subprocess.run(
            ["dumpcap", "-L", "-i", interface], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"dumpcap does not run: {exc}"
    if probe.returncode != 0:
        return (
            f"cannot capture on {interface}: run as root, or add yourself to the wireshark "
            "group (sudo dpkg-reconfigure wireshark-common; sudo usermod -aG wireshark $USER)"
        )
    return None


class Capture:
    """tshark writing ``interface`` traffic matching ``bpf`` to a pcapng file."""

    def __init__(
        self,
        bpf: str,
        interface: str = "lo",
        path: Path | None = None,
        max_seconds: int = 60,
        ready_timeout: float = 10,
        settle: float = 1.0,
    ):
        self.bpf, self.interface = bpf, interface
        self._tmp = None
        if path is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="labcap-")
            path = Path(self._tmp.name) / "capture.pcapng"
        self.path = Path(path)
        self.max_seconds, self.ready_timeout, self.settle = max_seconds, ready_timeout, settle
        self.proc: subprocess.Popen[str] | None = None
        self.stderr_lines: list[str] = []

    def start(self) -> Capture:
        self.proc = subprocess.Popen(
            [
                "tshark",
                "-q",
                "-i",
                self.interface,
                "-f",
                self.bpf,
                "-w",
                str(self.path),
                "-a",
                f"duration:{self.max_seconds}",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        ready = threading.Event()

        def watch_stderr() -> None:
            assert self.proc is not None and self.proc.stderr is not None
            for line in self.proc.stderr:
                self.stderr_lines.append(line.rstrip())
                if READY_TEXT in line:
                    ready.set()
            ready.set()  # EOF: tshark exited

        self._watcher = threading.Thread(target=watch_stderr, daemon=True)
        self._watcher.start()
        if not ready.wait(self.ready_timeout) or self.proc.poll() is not None:
            self.stop()
            raise RuntimeError(f"tshark did not start capturing: {self.stderr_lines}")
        time.sleep(0.2)  # "Capturing on" comes just before the capture loop starts
        return self

    def stop(self) -> None:
        """Stop tshark (SIGINT, so it flushes the file) and wait for it."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            # Let the last packets reach the file: with less than a second, the final
            # packets of a test (a FIN, the last datagram) were sometimes missing.
            time.sleep(self.settle)
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._watcher.join(5)  # it ends at EOF, once tshark has exited
        if self.proc.stderr is not None:
            self.proc.stderr.close()

    def cleanup(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()

    def __enter__(self) -> Capture:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def read_fields(
    pcap: Path | str,
    fields: list[str],
    display_filter: str | None = None,
    decode_as: list[str] | tuple[str, ...] = (),
    timeout: float = 30,
) -> list[list[str]]:
    """Read ``fields`` of every packet (matching ``display_filter``) with ``tshark -T fields``."""
    command = ["tshark", "-r", str(pcap), "-T", "fields", "-E", "separator=\t"]
    for rule in decode_as:
        command += ["-d", rule]
    if display_filter:
        command += ["-Y", display_filter]
    for name in fields:
        command += ["-e", name]
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"tshark failed ({result.returncode}): {result.stderr.strip()}")
    return [line.split("\t") for line in result.stdout.splitlines()]
