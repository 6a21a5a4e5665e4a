"""Lab 06 fixtures for local configuration and NTP.

``ntp_server`` runs ``ntp_server.py``'s own code (``ntp_server.start``) in a thread on
a free UDP port of 127.0.0.1; parametrise it indirectly to choose the skew::

    @pytest.mark.parametrize("ntp_server", [4.78, -4.78], indirect=True)
    def test_x(ntp_server): ...            # ntp_server.port, ntp_server.skew

``netns`` (root only) makes a network namespace that looks like the book's VirtualBox
machine: ``eth0`` 10.0.2.15/24, a default route via 10.0.2.2, an ``/etc/hosts`` that
maps ``debian6box`` to 10.0.2.15. Nothing is ever sent to those addresses: the veth's
other end stays down in the host's namespace. The namespace, the veth and
``/etc/netns/NAME`` are always removed afterwards.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shlex
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import ntp_server as ntp_script
import pytest

from labkit import testing

__all__ = ["BOOK_HOSTS", "NetNS", "netns", "ntp_server", "netns_problem", "silent_ntp_port"]

BOOK_HOSTS = "127.0.0.1\tlocalhost\n10.0.2.15\tdebian6box.localdomain.loc\tdebian6box\n"
_counter = itertools.count()


# --- NTP --------------------------------------------------------------------------------


@pytest.fixture
def ntp_server(request: pytest.FixtureRequest) -> Iterator[ntp_script.NTPServer]:
    """The lab NTP server on a free port; ``.port``, ``.skew`` (default 0)."""
    server = ntp_script.start(skew=getattr(request, "param", 0.0))
    try:
        yield server
    finally:
        ntp_script.stop(server)


@pytest.fixture
def silent_ntp_port() -> Iterator[int]:
    """A bound UDP port where nobody answers: NTP requests to it time out."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


# --- a namespace like the book's machine ------------------------------------------------


def netns_problem() -> str | None:
    """None when we can make network namespaces, else why not."""
    if os.geteuid() != 0:
        return "needs root (ip netns add): run the lab 06 tests with sudo"
    for tool in ("ip", "unshare"):
        if shutil.which(tool) is None:
            return f"{tool} not found: sudo apt-get install iproute2 util-linux"
    return None


def _ip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["ip", *args], capture_output=True, text=True, timeout=10)


@dataclass
class NetNS:
    """A namespace made by the ``netns`` fixture."""

    name: str
    hostname: str

    def run(self, command: list[str] | str, timeout: float = 30) -> subprocess.CompletedProcess:
        """Run ``command`` inside, in its own UTS namespace whose host name is ours.

        ``ip netns exec`` bind-mounts ``/etc/netns/NAME/hosts`` over ``/etc/hosts``.
        """
        if not isinstance(command, str):
            command = shlex.join(command)
        script = f"hostname {shlex.quote(self.hostname)} && {command}"
        return subprocess.run(
            ["ip", "netns", "exec", self.name, "unshare", "--uts", "sh", "-c", script],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=testing.script_env(),
            stdin=subprocess.DEVNULL,
        )

    def python(self, script: str | Path, *args: str, timeout: float = 30):
        """Run a Python script inside, with this test run's interpreter."""
        return self.run([sys.executable, str(script), *args], timeout=timeout)


@contextlib.contextmanager
def make_netns(
    addr: str | None = "10.0.2.15/24",
    gw: str | None = "10.0.2.2",
    hosts: str = BOOK_HOSTS,
    resolv: str = "nameserver 127.0.0.1\n",
    hostname: str = "debian6box",
) -> Iterator[NetNS]:
    """A namespace with ``lo`` up and, unless ``addr`` is None, an ``eth0`` with ``addr``."""
    tag = f"{os.getpid()}-{next(_counter)}"
    name, outer = f"lab6-{tag}", f"l6v{tag}"[:15]
    etc = Path("/etc/netns", name)
    try:
        steps = [["netns", "add", name], ["-n", name, "link", "set", "lo", "up"]]
        if addr:
            steps += [
                ["link", "add", outer, "type", "veth", "peer", "name", f"l6p{tag}"[:15]],
                ["link", "set", f"l6p{tag}"[:15], "netns", name],
                ["-n", name, "link", "set", f"l6p{tag}"[:15], "name", "eth0"],
                ["-n", name, "addr", "add", addr, "dev", "eth0"],
                ["-n", name, "link", "set", "eth0", "up"],
            ]
            if gw:
                steps.append(["-n", name, "route", "add", "default", "via", gw])
        for step in steps:
            result = _ip(*step)
            if result.returncode != 0:
                raise RuntimeError(f"ip {' '.join(step)}: {result.stderr.strip()}")
        etc.mkdir(parents=True, exist_ok=True)
        (etc / "hosts").write_text(hosts)
        (etc / "resolv.conf").write_text(resolv)  # no lookup leaves the namespace
        yield NetNS(name, hostname)
    finally:
        _ip("netns", "delete", name)  # takes the veth pair with it
        _ip("link", "delete", outer)  # in case the namespace never got its end
        shutil.rmtree(etc, ignore_errors=True)


@pytest.fixture
def netns():
    """A factory: ``ns = netns(addr=..., gw=..., hosts=..., resolv=...)``; removed at teardown."""
    problem = netns_problem()
    if problem:
        pytest.skip(problem)
    with contextlib.ExitStack() as stack:
        yield lambda **kwargs: stack.enter_context(make_netns(**kwargs))
