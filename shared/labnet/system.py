"""Subprocesses, users and processes: every call has a timeout."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import time
from pathlib import Path

from labnet.topology import LabnetError

TIMEOUT = 30


def run(
    argv: list[str], *, input: str | None = None, timeout: float = TIMEOUT, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run a command, capture its output; a failure becomes one LabnetError line."""
    try:
        proc = subprocess.run(
            argv, input=input, capture_output=True, text=True, timeout=timeout, check=False
        )
    except FileNotFoundError:
        raise LabnetError(f"{argv[0]} not found: install the lab network's packages") from None
    except subprocess.TimeoutExpired:
        raise LabnetError(f"{' '.join(argv)} did not finish within {timeout} s") from None
    if check and proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        last = " / ".join(detail[-2:]) if detail else f"exit status {proc.returncode}"
        raise LabnetError(f"{' '.join(argv[:4])}…: {last}")
    return proc


def require_root(action: str) -> None:
    if os.geteuid() != 0:
        raise LabnetError(
            f"labnet {action} needs root: run `sudo make labnet-{action}` "
            "(or `sudo .venv/bin/python -m labnet " + action + "`), or use `vagrant up`",
            code=2,
        )


def which(name: str, *extra_dirs: str) -> str:
    for directory in extra_dirs:
        candidate = Path(directory) / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name, path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
    if not found:
        raise LabnetError(f"{name} not found: install the lab network's packages")
    return found


def user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def ids(name: str) -> tuple[int, int]:
    entry = pwd.getpwnam(name)
    return entry.pw_uid, entry.pw_gid


# ---- processes ------------------------------------------------------------------------


def proc_state(pid: int) -> str | None:
    """The state letter of a process (R, S, Z…), or None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[0]


def alive(pid: int) -> bool:
    state = proc_state(pid)
    return state is not None and state not in ("Z", "X")


def cmdline(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def session_members(sid: int) -> list[int]:
    """Live processes of the session ``sid`` (a daemon started with setsid and its children)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] not in ("Z", "X"):
            members.append(int(entry.name))
    return members


def terminate(pids: list[int], timeout: float = 5.0) -> list[int]:
    """SIGTERM, wait (zombies count as dead), then SIGKILL; returns the pids killed hard."""
    pids = [pid for pid in set(pids) if pid > 1 and alive(pid)]
    for pid in pids:
        _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(alive(pid) for pid in pids):
        time.sleep(0.05)
    survivors = [pid for pid in pids if alive(pid)]
    for pid in survivors:
        _signal(pid, signal.SIGKILL)
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline and any(alive(pid) for pid in survivors):
        time.sleep(0.05)
    return survivors


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
