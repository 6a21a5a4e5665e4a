"""Run a private copy of a real daemon (dovecot, slapd, smbd) for a lab, and stop it again.

The lab scripts that start a Debian daemon all do the same plumbing; it lives here once:

- :func:`find_program` finds the daemon (in /usr/sbin, which a normal user's PATH may lack);
- :func:`as_nobody` runs it as the unprivileged ``nobody`` when we are root;
- :func:`spawn` starts it in a session of its own, its output going to a log file;
- :func:`start_with_retries` starts it again when a free port we chose was taken meanwhile;
- :func:`wait_until_ready` waits until it answers (or says why it did not);
- :func:`first_complaint` picks the line of its log that says what went wrong;
- :func:`stop_group` stops it and every process it started;
- :func:`add_options` adds the command-line options every such script has;
- :func:`run_in_foreground` is the ``main()`` of a script that runs one until Ctrl-C;
- :class:`Daemon` puts the pieces together: a lab's daemon class derives from it.

What is special about each daemon (its configuration file, its data, how to tell that it
is ready) stays in the lab script.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from labkit import cli, server

NOBODY = 65534  # the uid (and gid) of the unprivileged user "nobody"
T = TypeVar("T")


class DaemonError(Exception):
    """The daemon is missing or did not start; the message is one line for the user.

    Each lab script derives its own error from it (``LdapServerError``, ...).
    """


def find_program(name: str) -> str | None:
    """The path of program ``name``, also looked for in /usr/sbin and /usr/local/sbin."""
    path = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin"])
    return shutil.which(name, path=path)


def as_nobody(command: list[str], error: type[Exception]) -> list[str]:
    """As root, ``command`` run inside a user namespace where it is ``nobody``.

    Daemons such as dovecot refuse to run their workers as root, and we do not create
    accounts on the student's machine: ``unshare --map-user`` gives the daemon the
    identity of the existing user ``nobody``. Not root: ``command`` unchanged.
    """
    if os.geteuid() != 0:
        return command
    unshare = shutil.which("unshare")
    if unshare is None:
        raise error("unshare not found (it comes with util-linux)")
    return [unshare, f"--map-user={NOBODY}", f"--map-group={NOBODY}", *command]


def spawn(command: list[str], log_path: str | Path) -> subprocess.Popen:
    """Start ``command`` with its output (stdout and stderr) written to ``log_path``.

    The daemon gets a session (and so a process group) of its own: Ctrl-C in the
    terminal reaches only us, and :func:`stop_group` can stop the daemon together with
    every helper process it starts.
    """
    with open(log_path, "wb") as log:
        return subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True
        )


def start_with_retries(
    start: Callable[[], T],
    attempts: int,
    error: type[Exception],
    retry_if: Callable[[Exception], bool],
    before_retry: Callable[[], object],
) -> T:
    """``start()``, tried again (up to ``attempts`` times in all) while it fails with an
    ``error`` for which ``retry_if(error)`` is true; ``before_retry()`` runs before each
    new try (it chooses new ports, say).

    Why: a daemon that cannot take port 0 gets a free port chosen for it, and another
    program can take that port before the daemon binds it.
    """
    for attempt in range(1, attempts + 1):
        try:
            return start()
        except error as exc:
            if attempt == attempts or not retry_if(exc):
                raise
            before_retry()
    raise ValueError(f"attempts must be at least 1, not {attempts}")


def wait_until_ready(
    process: subprocess.Popen,
    ready: Callable[[], bool],
    timeout: float,
    *,
    name: str,
    error: type[Exception],
    why_stopped: Callable[[], str],
    port: int,
    deadline: float | None = None,
) -> None:
    """Wait until ``ready()`` is true (it is asked every 50 ms; it may raise ``error``
    itself when the log shows that the daemon will never be ready).

    Raises ``error("NAME stopped: WHY")`` as soon as the process exits (WHY from
    ``why_stopped()``, which reads the daemon's log), and ``error("NAME not ready within
    TIMEOUT s on port PORT")`` when the time is up. ``deadline`` (a ``time.monotonic()``
    value) replaces ``timeout`` when several waits share the time; the message still
    names ``timeout``.
    """
    if deadline is None:
        deadline = time.monotonic() + timeout
    while not ready():
        if process.poll() is not None:
            raise error(f"{name} stopped: {why_stopped()}")
        if time.monotonic() > deadline:
            raise error(f"{name} not ready within {timeout:g} s on port {port}")
        time.sleep(0.05)


def log_lines(*paths: Path) -> list[str]:
    """The non-blank lines of the log files that exist, stripped, in order."""
    lines = []
    for path in paths:
        if path.exists():
            lines += path.read_text(errors="replace").splitlines()
    return [line.strip() for line in lines if line.strip()]


def first_complaint(lines: list[str], pattern: str) -> str:
    """What a log says went wrong, in one line.

    The first line in which the regular expression ``pattern`` occurs (ignoring case);
    when it has a group, only what the group matched. No such line: the last line, else
    ``"no message"``.
    """
    for line in lines:
        if match := re.search(pattern, line, re.IGNORECASE):
            return (match.group(1) if match.re.groups else line).strip()
    return (lines[-1:] or ["no message"])[0]


def group_alive(group: int) -> bool:
    """True while a process of process group ``group`` runs (zombies count as gone)."""
    for status in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = status.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group and fields[0] != "Z":  # state, ppid, pgrp
                return True
    return False


def _signal_group(group: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signum)


def stop_group(process: subprocess.Popen, grace: float = 5, helpers: Sequence[int] = ()) -> None:
    """Stop a process started by :func:`spawn`, and every process it started.

    SIGTERM goes to its process group (and to the groups in ``helpers``, for helpers
    that started sessions of their own), so the daemon can shut down cleanly; whatever
    still runs after ``grace`` seconds gets SIGKILL.
    """
    groups = [process.pid, *helpers]
    for group in groups:
        _signal_group(group, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for group in groups:
        while group_alive(group) and time.monotonic() < deadline:
            process.poll()  # reap the daemon as soon as it exits: a zombie is gone
            time.sleep(0.05)
        _signal_group(group, signal.SIGKILL)
    process.wait(5)


@contextlib.contextmanager
def state_directory(given: Path | None, prefix: str) -> Iterator[Path]:
    """``given`` (kept afterwards, for a look), or a new temporary folder removed afterwards."""
    if given is not None:
        yield given
        return
    directory = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


class Daemon:
    """Base class of a lab's private daemon: the start, wait and stop plumbing, once.

    A subclass sets ``name`` (how messages call the daemon) and ``error`` (its
    :class:`DaemonError`), keeps ``directory`` and ``port``, and writes the daemon's own parts:

    - :meth:`command`: writes the daemon's configuration and returns its command line;
    - :meth:`ready`: True once the daemon answers;
    - :meth:`last_error`: why it stopped, from its log.

    It may also change :meth:`port_taken` and :meth:`choose_ports` (start again on new
    free ports), :meth:`helpers` (more process groups to stop) and :attr:`log_file`.
    :meth:`start` starts the daemon and waits until it is ready, :meth:`stop` stops it;
    ``with`` does both.
    """

    name = "daemon"
    error: type[DaemonError] = DaemonError
    directory: Path
    port: int
    process: subprocess.Popen | None = None

    @property
    def log_file(self) -> Path:
        """Where the daemon's stdout and stderr go: ``NAME.log`` in ``directory``."""
        return self.directory / f"{self.name}.log"

    def command(self) -> list[str]:
        raise NotImplementedError

    def ready(self) -> bool:
        raise NotImplementedError

    def last_error(self) -> str:
        return first_complaint(log_lines(self.log_file), r"error|fail")

    def port_taken(self, error: Exception) -> bool:
        """True when starting failed because a port we chose was taken meanwhile."""
        return False

    def choose_ports(self) -> None:
        """Choose new free ports, before the next try."""

    def helpers(self) -> list[int]:
        """Process groups the daemon started besides its own (stopped with it)."""
        return []

    def start(self, timeout: float = 10, attempts: int = 3):
        """Start the daemon and wait until it is ready; raises ``self.error``.

        When a port we chose was taken before the daemon could bind it, we choose again
        and retry (up to ``attempts`` tries in all). Returns ``self``.
        """
        return start_with_retries(
            lambda: self.start_once(timeout),
            attempts,
            self.error,
            self.port_taken,
            self.choose_ports,
        )

    def start_once(self, timeout: float):
        """One try: start the daemon, wait until it is ready, stop it again if it is not."""
        self.process = spawn(self.command(), self.log_file)
        try:
            self.wait_ready(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def wait_ready(self, timeout: float) -> None:
        wait_until_ready(
            self.process,
            self.ready,
            timeout,
            name=self.name,
            error=self.error,
            why_stopped=self.last_error,
            port=self.port,
        )

    def stop(self, grace: float = 5) -> None:
        """SIGTERM to the daemon and its helpers, SIGKILL after ``grace`` seconds."""
        if self.process is not None:
            stop_group(self.process, grace, self.helpers())
            self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


D = TypeVar("D", bound=Daemon)


def add_options(parser: cli.ArgumentParser, host: str, ports: dict[str, int]) -> None:
    """Add the options every daemon script has: ``--host``, ports, ``--dir``, ``--timeout``.

    ``ports`` maps a name to its default port: ``{"": 8389}`` makes ``--port``,
    ``{"pop3": 8110}`` makes ``--pop3-port``. Port 0 asks for a free port.
    """
    parser.add_argument("--host", default=host, help=f"address to listen on (default: {host})")
    for name, port in ports.items():
        parser.add_argument(
            f"--{name}-port" if name else "--port",
            type=cli.port_number,
            default=port,
            help=f"{name.upper() or 'the'} port (default: {port}; 0 picks a free one)",
        )
    parser.add_argument(
        "--dir", type=Path, help="state directory, kept afterwards (default: a temporary one)"
    )
    cli.add_timeout(parser, 10)


def run_in_foreground(
    make: Callable[[Path], D],
    start: Callable[[D], tuple],
    directory: Path | None,
    prefix: str,
) -> int:
    """The ``main()`` of a script that runs a daemon until Ctrl-C or SIGTERM.

    ``make(state_dir)`` builds the :class:`Daemon` object, in ``directory`` or else in a
    temporary folder named ``prefix...`` that is removed at the end; ``start(daemon)``
    starts it, prints what the user needs to know and returns the address for the
    ``Listening on`` line. Then we wait. Returns 0 after Ctrl-C or SIGTERM, 1 with one
    line on stderr when the daemon could not start (a :class:`DaemonError` or an
    OSError) or stopped by itself ("NAME stopped: WHY"). The daemon is stopped on the
    way out, whatever happened.
    """
    server.stop_on_sigterm()
    with state_directory(directory, prefix) as state_dir:
        daemon = None
        try:
            daemon = make(state_dir)
            server.announce(start(daemon))
            while daemon.process.poll() is None:
                time.sleep(0.2)
            return cli.error(f"{daemon.name} stopped: {daemon.last_error()}")
        except KeyboardInterrupt:
            return 0
        except DaemonError as exc:
            return cli.error(str(exc))
        except OSError as exc:
            return cli.error(f"{exc.filename or state_dir}: {cli.describe_error(exc)}")
        finally:
            if daemon is not None:
                daemon.stop()
