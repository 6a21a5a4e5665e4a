"""The runner itself: a second, small lab network (infra only, its own bridge, namespace
prefix, subnet, state directory and user) is brought up, broken, repaired and removed,
so the main lab network the other tests use is never disturbed."""

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from labkit.testing import wait_until
from labnet.system import alive
from labnet.topology import VAGRANT_DIR

ROOT_ONLY = pytest.mark.skipif(
    os.geteuid() != 0, reason="needs root: sudo .venv/bin/pytest tests/labnet"
)


def labnet(*args: str, env: dict, timeout: float = 90) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "labnet", *args],
        capture_output=True, text=True, timeout=timeout, env=env, check=False,
    )  # fmt: skip


@pytest.fixture
def small_lab(tmp_path):
    topology = json.loads((VAGRANT_DIR / "topology.json").read_text())
    topology["hosts"] = {"infra": topology["hosts"]["infra"]}
    topology["unix_users"] = {"lnttest": "lntpass"}
    topology["mail_users"] = {"lnttest": "lntpass"}
    (tmp_path / "topology.json").write_text(json.dumps(topology))
    for sub in ("templates", "seed"):
        (tmp_path / sub).symlink_to(VAGRANT_DIR / sub)
    state = Path(f"/tmp/labnet-test-{os.getpid()}")  # outside tmp_path (0700): daemons read it
    env = dict(
        os.environ,
        LABNET_TOPOLOGY=str(tmp_path / "topology.json"),
        LABNET_STATE_DIR=str(state),
        LABNET_CONFIG=str(tmp_path / "client.json"),
        LABNET_BRIDGE="lntest0",
        LABNET_NS_PREFIX="lntest-",
        LABNET_SUBNET="192.168.57.0/24",
    )
    yield env, state
    labnet("down", env=env)
    shutil.rmtree(state, ignore_errors=True)


@ROOT_ONLY
@pytest.mark.labnet
@pytest.mark.slow
def test_fault_restart_and_clean_down(small_lab):
    env, state = small_lab
    up = labnet("up", env=env)
    assert up.returncode == 0, up.stdout + up.stderr
    assert "ok   infra  ntp" in up.stdout
    client = json.loads(Path(env["LABNET_CONFIG"]).read_text())
    assert client["hosts"]["infra"]["address"] == "192.168.57.12"
    assert labnet("status", env=env).returncode == 0

    # kill one daemon: status reports it down, the others stay up
    daemons = json.loads((state / "state.json").read_text())["daemons"]
    pid = daemons["chronyd"]["pid"]
    os.kill(pid, signal.SIGKILL)
    wait_until(lambda: not alive(pid), timeout=10)
    status = labnet("status", env=env)
    assert status.returncode == 1
    lines = {line.split()[1]: line for line in status.stdout.splitlines()[1:-1]}
    assert "DOWN" in lines["ntp"] and "chronyd is not running" in lines["ntp"]
    assert all(" up " in lines[s] for s in ("dns", "ldap", "snmp")), status.stdout

    # up again: restarts only the dead daemon
    again = labnet("up", env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "started  infra  chronyd" in again.stdout
    assert "running  infra  named" in again.stdout
    assert labnet("status", env=env).returncode == 0
    pids = [e["pid"] for e in json.loads((state / "state.json").read_text())["daemons"].values()]

    # down: nothing is left
    down = labnet("down", env=env)
    assert down.returncode == 0, down.stdout + down.stderr
    assert "nothing left behind" in down.stdout
    for pid in pids:
        stat = Path(f"/proc/{pid}/stat")
        assert not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"
    assert "lntest" not in subprocess.run(["ip", "netns", "list"], capture_output=True,
                                          text=True, timeout=10).stdout  # fmt: skip
    links = subprocess.run(["ip", "-br", "link"], capture_output=True, text=True, timeout=10)
    assert "lntest" not in links.stdout
    assert "lntest" not in Path("/proc/mounts").read_text()
    assert not state.exists()
    assert not Path(env["LABNET_CONFIG"]).exists()
    assert subprocess.run(["id", "lnttest"], capture_output=True, timeout=10).returncode != 0


@ROOT_ONLY
def test_taken_names_are_refused(small_lab):
    env, _state = small_lab
    subprocess.run(["ip", "link", "add", "lntest0", "type", "bridge"], check=True, timeout=10)
    try:
        up = labnet("up", env=env)
    finally:
        subprocess.run(["ip", "link", "del", "lntest0"], check=True, timeout=10)
    assert up.returncode == 1
    assert "interface lntest0 exists" in up.stderr
    assert "Traceback" not in up.stderr


def test_without_root_exits_2_with_the_fix(monkeypatch, capsys):
    # In-process, as an ordinary user: running the interpreter as another user is not
    # always possible (pyenv's Pythons live under /root, which only root may read).
    from labnet import cli as labnet_cli

    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert labnet_cli.main(["up"]) == 2
    err = capsys.readouterr().err
    assert "sudo make labnet-up" in err and "vagrant up" in err
    assert len(err.strip().splitlines()) == 1


def test_every_template_renders(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "labnet", "render", str(tmp_path)],
                          capture_output=True, text=True, timeout=30, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    rendered = list(tmp_path.rglob("*"))
    assert any(p.name == "main.cf" for p in rendered)
    assert not [p for p in rendered if p.is_file() and "{{" in p.read_text()]


def test_the_sample_tarball_is_the_same_bytes_every_time(monkeypatch):
    """vsftpd serves it and lab 05's test compares checksums: no time stamp inside."""
    import io
    import tarfile
    import time as clock

    from labnet.provision import sample_tarball

    first = sample_tarball()
    monkeypatch.setattr(clock, "time", lambda: 2_000_000_000.0)  # gzip would stamp this
    assert sample_tarball() == first
    with tarfile.open(fileobj=io.BytesIO(first)) as tar:
        assert tar.getnames() == ["tftp-hpa-0.11/README"]
