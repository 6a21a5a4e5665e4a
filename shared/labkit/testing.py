"""Test helpers: run lab scripts as subprocesses and make the classic failure cases.

Every helper here has a timeout and cleans up after itself, so a broken script makes
a test fail quickly instead of hanging the suite.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

READY = re.compile(r"Listening on \[?([^\]\s]+?)\]?:(\d+)\s*$")


def script_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a script under test: unbuffered, no proxies, no warnings noise."""
    env = dict(os.environ)
    env.update(PYTHONUNBUFFERED="1", NO_PROXY="*", no_proxy="*")
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        env.pop(var, None)
    if extra:
        env.update(extra)
    return env


def run_script(
    script: str | Path,
    *args: str,
    timeout: float = 30,
    input: str | None = None,
    env: dict[str, str] | None = None,
    cwd: str | Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``python script args…`` to completion and return its result (text mode)."""
    return subprocess.run(
        [sys.executable, str(script), *map(str, args)],
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=script_env(env),
        cwd=cwd,
        stdin=None if input is not None else subprocess.DEVNULL,
    )


def assert_one_line_error(result: subprocess.CompletedProcess, status: int | tuple = (1, 2)):
    """Assert a failure reported the project's way: one stderr line, no traceback."""
    statuses = (status,) if isinstance(status, int) else status
    assert result.returncode in statuses, (result.returncode, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.stderr, result.stderr
    assert len(lines) == 1, f"expected one line on stderr, got:\n{result.stderr}"
    return lines[0]


class ScriptProcess:
    """A running script whose stdout is read line by line in the background."""

    def __init__(self, proc: subprocess.Popen[str]):
        self.proc = proc
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.host: str | None = None
        self.port: int | None = None

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for_line(self, pattern: str | re.Pattern, timeout: float = 10) -> re.Match:
        """Wait until a stdout line matches ``pattern``; fail on EOF or timeout."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(
                    f"no line matching {regex.pattern!r} in {timeout}s: {self.lines}"
                )
            try:
                line = self._queue.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                self._queue.put(None)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.proc.wait(5)  # stdout closed: the process is exiting
                raise EOFError(
                    f"process exited ({self.proc.poll()}) before printing {regex.pattern!r}: "
                    f"{self.lines} stderr: {self.stderr_text()}"
                )
            self.lines.append(line)
            match = regex.search(line)
            if match:
                return match

    def wait_ready(self, timeout: float = 10) -> tuple[str, int]:
        match = self.wait_for_line(READY, timeout)
        self.host, self.port = match.group(1), int(match.group(2))
        return self.host, self.port

    def stderr_text(self) -> str:
        if self.proc.poll() is None or self.proc.stderr is None:
            return ""
        return self.proc.stderr.read()

    def stop(self, timeout: float = 5) -> int:
        """SIGTERM, then SIGKILL if it does not stop in time; returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout)
        return self.proc.returncode

    def remaining_output(self, timeout: float = 5) -> str:
        """Once stopped: every stdout line not consumed yet."""
        self._reader.join(timeout)
        rest = []
        while not self._queue.empty():
            line = self._queue.get_nowait()
            if line is not None:
                rest.append(line)
        self.lines.extend(rest)
        return "\n".join(rest)


@contextlib.contextmanager
def start_script(
    script: str | Path,
    *args: str,
    ready: bool = True,
    timeout: float = 10,
    env: dict[str, str] | None = None,
    cwd: str | Path | None = None,
) -> Iterator[ScriptProcess]:
    """Start a script; with ``ready`` wait for ``Listening on HOST:PORT``. Always stopped."""
    proc = subprocess.Popen(
        [sys.executable, "-u", str(script), *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=script_env(env),
        cwd=cwd,
        start_new_session=True,
    )
    running = ScriptProcess(proc)
    try:
        if ready:
            running.wait_ready(timeout)
        yield running
    finally:
        running.stop()
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()


def wait_until(predicate: Callable[[], object], timeout: float = 5, interval: float = 0.02):
    """Poll ``predicate`` until it is truthy; raise TimeoutError after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"condition not met within {timeout}s")
        time.sleep(interval)


def load_module(path: str | Path, name: str | None = None) -> ModuleType:
    """Import a Python file by path, as a fresh module each time."""
    path = Path(path)
    name = name or f"_lab_{path.stem}_{uuid.uuid4().hex[:8]}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


# --- the classic failure cases, on loopback -------------------------------------------


def closed_port(host: str = "127.0.0.1") -> int:
    """A port on which nothing listens: bind port 0, note the port, close."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def backlog_full_listener(host: str = "127.0.0.1") -> Iterator[int]:
    """A listening socket that never accepts and whose backlog is full.

    A new connection attempt to it gets no SYN-ACK, so ``connect`` times out: the
    "connect timeout" case. Yields the port.
    """
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    fillers: list[socket.socket] = []
    try:
        server.bind((host, 0))
        server.listen(0)
        port = server.getsockname()[1]
        for _ in range(16):
            client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            client.settimeout(0.3)
            fillers.append(client)
            try:
                client.connect((host, port))
            except TimeoutError:
                break
        else:
            raise RuntimeError("could not fill the listen backlog")
        yield port
    finally:
        for client in fillers:
            client.close()
        server.close()


@contextlib.contextmanager
def silent_server(host: str = "127.0.0.1") -> Iterator[int]:
    """A server that accepts connections and never sends a byte: the "read timeout" case."""
    server = socket.create_server((host, 0))
    server.settimeout(0.1)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept_loop() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(conn)

    thread = threading.Thread(target=accept_loop, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join(2)
        for conn in accepted:
            conn.close()
        server.close()
