"""labkit.daemon, tried on a tiny real daemon: ``python -c`` with a log file."""

from __future__ import annotations

import os
import signal
import socket
import sys
import textwrap
import time
from pathlib import Path

import pytest

from labkit import daemon, server, testing


class ToyError(daemon.DaemonError):
    pass


def python(code: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(code)]


def listener(port: int, delay: float = 0) -> list[str]:
    """A daemon that logs, waits ``delay`` seconds, then listens on ``port``."""
    return python(f"""
        import socket, sys, time
        print("toyd starting", flush=True)
        time.sleep({delay})
        server = socket.create_server(("127.0.0.1", {port}))
        print("listening", flush=True)
        time.sleep(60)
    """)


def accepts(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def wait(process, port: int, timeout: float, log: Path) -> None:
    daemon.wait_until_ready(
        process,
        lambda: accepts(port),
        timeout,
        name="toyd",
        error=ToyError,
        why_stopped=lambda: daemon.first_complaint(daemon.log_lines(log), r"Error: (.*)"),
        port=port,
    )


@pytest.fixture
def spawned():
    """spawn() for a test; whatever was started is stopped afterwards."""
    processes = []

    def spawn(command, log):
        process = daemon.spawn(command, log)
        processes.append(process)
        return process

    yield spawn
    for process in processes:
        daemon.stop_group(process, grace=0.5)


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie is gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_spawn_logs_output_in_a_session_of_its_own(tmp_path, spawned):
    log = tmp_path / "toy.log"
    process = spawned(python("import sys; print('out'); print('err', file=sys.stderr)"), log)
    assert os.getsid(process.pid) == process.pid and os.getpgid(process.pid) == process.pid
    assert process.wait(10) == 0
    assert sorted(daemon.log_lines(log)) == ["err", "out"]


def test_ready_once_the_port_answers(tmp_path, spawned):
    [port] = server.free_ports(1)
    process = spawned(listener(port, delay=0.3), tmp_path / "toy.log")
    wait(process, port, timeout=20, log=tmp_path / "toy.log")
    assert accepts(port)
    assert process.poll() is None


def test_a_daemon_that_dies_early_says_why(tmp_path, spawned):
    log = tmp_path / "toy.log"
    code = """
        import sys
        print("toyd 1.0 starting")
        print("Fatal: Error: /etc/toyd.conf: no such file", file=sys.stderr)
        sys.exit(89)
    """
    [port] = server.free_ports(1)
    process = spawned(python(code), log)
    with pytest.raises(ToyError) as caught:
        wait(process, port, timeout=20, log=log)
    assert str(caught.value) == "toyd stopped: /etc/toyd.conf: no such file"
    assert process.returncode == 89


def test_a_daemon_that_never_gets_ready_times_out(tmp_path, spawned):
    [port] = server.free_ports(1)
    process = spawned(python("import time; time.sleep(60)"), tmp_path / "toy.log")
    started = time.monotonic()
    with pytest.raises(ToyError, match=rf"^toyd not ready within 0.5 s on port {port}$"):
        wait(process, port, timeout=0.5, log=tmp_path / "toy.log")
    assert time.monotonic() - started < 10
    assert process.poll() is None, "the caller decides whether to stop it"


def test_ready_may_give_up_by_itself(tmp_path, spawned):
    process = spawned(python("import time; time.sleep(60)"), tmp_path / "toy.log")

    def ready():
        raise ToyError("toyd did not start: port taken")

    with pytest.raises(ToyError, match="port taken"):
        daemon.wait_until_ready(
            process, ready, 20, name="toyd", error=ToyError, why_stopped=str, port=1
        )


FAMILY = """
    import signal, subprocess, sys, time
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a daemon slow to stop
    sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
    child = subprocess.Popen(sleeper)  # in our process group
    helper = subprocess.Popen(sleeper, start_new_session=True)  # a group of its own
    print(child.pid, helper.pid, flush=True)
    time.sleep(60)
"""


def test_stop_kills_the_whole_group_and_the_helpers(tmp_path):
    log = tmp_path / "family.log"
    process = daemon.spawn(python(FAMILY), log)
    try:
        testing.wait_until(lambda: log.read_text().strip(), timeout=20)
        child, helper = map(int, log.read_text().split())
        assert alive(child) and alive(helper)
        started = time.monotonic()
        daemon.stop_group(process, grace=0.5, helpers=[helper])
        assert time.monotonic() - started < 10
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(5)
    assert process.returncode == -signal.SIGKILL, "SIGTERM is ignored: SIGKILL after grace"
    testing.wait_until(lambda: not alive(child) and not alive(helper), timeout=10)
    assert not daemon.group_alive(process.pid) and not daemon.group_alive(helper)


def test_stop_gives_a_clean_shutdown_its_time(tmp_path):
    log = tmp_path / "toy.log"
    code = """
        import signal, sys, time
        def bye(signum, frame):
            time.sleep(0.3)  # closing the database
            print("clean exit", flush=True)
            sys.exit(0)
        signal.signal(signal.SIGTERM, bye)
        print("up", flush=True)
        time.sleep(60)
    """
    process = daemon.spawn(python(code), log)
    testing.wait_until(lambda: "up" in log.read_text(), timeout=20)
    daemon.stop_group(process, grace=10)
    assert process.returncode == 0
    assert daemon.log_lines(log) == ["up", "clean exit"]


def test_first_complaint():
    lines = ["toyd 1.0", "warning: slow disk", "ERROR: bad config", "error: later"]
    assert daemon.first_complaint(lines, r"error") == "ERROR: bad config"
    assert daemon.first_complaint(lines, r"error: (.*)") == "bad config"
    assert daemon.first_complaint(lines, r"fatal") == "error: later", "else the last line"
    assert daemon.first_complaint([], r"fatal") == "no message"


def test_start_with_retries():
    tries, chosen = [], []

    def start():
        tries.append(1)
        if len(tries) < 3:
            raise ToyError("Address already in use")
        return "started"

    def taken(error):
        return "in use" in str(error)

    assert daemon.start_with_retries(start, 3, ToyError, taken, lambda: chosen.append(1)) == (
        "started"
    )
    assert (len(tries), len(chosen)) == (3, 2)

    tries.clear()
    with pytest.raises(ToyError, match="in use"):
        daemon.start_with_retries(start, 2, ToyError, taken, lambda: None)
    assert len(tries) == 2, "the last failure is raised"

    tries.clear()
    with pytest.raises(ToyError):
        daemon.start_with_retries(start, 3, ToyError, lambda error: False, lambda: None)
    assert len(tries) == 1, "other errors are not retried"


def test_as_nobody():
    command = ["toyd", "-f"]
    if os.geteuid() == 0:
        wrapped = daemon.as_nobody(command, ToyError)
        assert wrapped[-2:] == command and "--map-user=65534" in wrapped
    else:
        assert daemon.as_nobody(command, ToyError) == command


class Toy(daemon.Daemon):
    """A lab daemon class as labkit.daemon.Daemon expects one: a listener on a port."""

    name = "toyd"
    error = ToyError

    def __init__(self, directory: Path, code: str | None = None, port: int = 0):
        self.directory = directory
        self.code = code
        self.wanted_port = port
        self.port = port or server.free_ports(1)[0]
        self.commands = []

    def command(self) -> list[str]:
        self.directory.mkdir(exist_ok=True)
        command = python(self.code) if self.code else listener(self.port)
        self.commands.append(command)
        return command

    def ready(self) -> bool:
        """It said it listens (so the port is its own), and it accepts."""
        return "listening" in daemon.log_lines(self.log_file) and accepts(self.port)

    def last_error(self) -> str:
        return daemon.first_complaint(daemon.log_lines(self.log_file), r"Error: (.*)")

    def port_taken(self, error: Exception) -> bool:
        return not self.wanted_port and "in use" in str(error)

    def choose_ports(self) -> None:
        self.port = server.free_ports(1)[0]


def test_a_daemon_class_starts_and_stops(tmp_path):
    with Toy(tmp_path / "toy") as toy:
        assert toy.process.poll() is None and accepts(toy.port)
        assert toy.log_file == tmp_path / "toy" / "toyd.log"
        assert daemon.log_lines(toy.log_file)[0] == "toyd starting"
        process = toy.process
    assert toy.process is None and process.returncode is not None
    assert not accepts(toy.port)


def test_a_daemon_class_retries_on_a_port_taken_meanwhile(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as busy:
        toy = Toy(tmp_path / "toy")
        toy.port = busy.getsockname()[1]  # another program took "our" free port
        with toy:
            assert toy.port != busy.getsockname()[1] and accepts(toy.port)
            assert len(toy.commands) == 2
        # A port given by number is not retried:
        with pytest.raises(ToyError, match="in use"):
            Toy(tmp_path / "toy2", port=busy.getsockname()[1]).start(timeout=20)


def test_a_daemon_class_that_cannot_start_is_stopped(tmp_path):
    toy = Toy(tmp_path / "toy", code="import time; time.sleep(60)")
    with pytest.raises(ToyError, match="not ready within 0.3 s"):
        toy.start(timeout=0.3)
    assert toy.process is None, "stopped again"


@pytest.fixture
def keep_sigterm():
    """run_in_foreground makes SIGTERM a KeyboardInterrupt: undo that after the test."""
    handler = signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGTERM, handler)


class Watched(Toy):
    """A Toy that notes its stop() (run_in_foreground must always call it)."""

    stopped = False
    stopped_process = None

    def stop(self, grace: float = 0.5) -> None:
        self.stopped, self.stopped_process = True, self.stopped_process or self.process
        super().stop(grace)


def spawn_only(toy: Watched) -> tuple[str, int]:
    """start() for run_in_foreground: spawn the toy, no waiting; the ready line's address."""
    toy.process = daemon.spawn(toy.command(), toy.log_file)
    return "127.0.0.1", 4242


def run_toy(code: str, directory: Path | None, start=spawn_only) -> tuple[int, Watched]:
    made = []

    def make(where: Path) -> Watched:
        made.append(Watched(where, code))
        return made[-1]

    status = daemon.run_in_foreground(make, start, directory, prefix="toyd-")
    return status, made[0]


def test_run_in_foreground_reports_a_daemon_that_stops(tmp_path, capsys, keep_sigterm):
    code = "import sys, time; time.sleep(0.3); print('Error: disk full'); sys.exit(1)"
    status, toy = run_toy(code, tmp_path / "state")
    out, err = capsys.readouterr()
    assert status == 1
    assert out == "Listening on 127.0.0.1:4242\n"
    assert err.endswith(": error: toyd stopped: disk full\n") and err.count("\n") == 1
    assert toy.stopped and (tmp_path / "state" / "toyd.log").is_file(), "a given dir is kept"


def test_run_in_foreground_start_errors_are_one_line(capsys, keep_sigterm):
    def fails(toy: Watched):
        raise ToyError("toyd not found: apt-get install toyd")

    status, toy = run_toy("", None, start=fails)
    assert status == 1
    err = capsys.readouterr().err
    assert err.endswith(": error: toyd not found: apt-get install toyd\n") and err.count("\n") == 1
    assert toy.stopped
    assert not toy.directory.exists(), "the temporary state directory is removed"
    assert toy.directory.name.startswith("toyd-")


def test_run_in_foreground_stops_the_daemon_on_ctrl_c(capsys, keep_sigterm):
    def interrupted(toy: Watched):
        spawn_only(toy)
        raise KeyboardInterrupt

    status, toy = run_toy("import time; time.sleep(60)", None, start=interrupted)
    assert status == 0
    assert toy.stopped and toy.stopped_process.returncode is not None
    assert capsys.readouterr().err == ""
    assert not toy.directory.exists()
