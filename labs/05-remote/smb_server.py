"""A private SMB file server for lab 05: Samba's smbd with one share, ``Share``.

The book's SMB section (chapter 5, "Accessing SMB/CIFS shared files") lists and reads a
folder shared by the author's Windows host. This script starts your own copy of smbd,
the Samba file server Linux uses to talk to Windows, on 127.0.0.1:

- one share, ``Share``, writable, holding ``test.rtf`` (copied from ``smb_share/``
  next to this script, so the lab's own copy is never changed);
- one user, ``student`` (``--user``), whose password comes from ``--password-env``
  (default ``LAB_PASSWORD``; unset: ``secret``). Clients log in with NTLMv2, the
  challenge-response login Windows uses on a workgroup;
- SMB2 straight over TCP ("direct TCP", port 445 normally, 8445 here): no NetBIOS.

Run it in its own terminal and leave it running::

    python smb_server.py                   # 127.0.0.1:8445
    python smb_server.py --port 0          # any free port

Ctrl-C (or SIGTERM) stops smbd and its helpers and removes the temporary folder. The
tests use the same :class:`SmbServer` on a free port.

How smbd is run, and why:

- every file (configuration, password database, locks, logs, the share) lives in one
  temporary folder; ``--foreground --no-process-group --debug-stdout`` keep smbd
  attached and logging to our file. It is started in a session of its own, because on
  SIGTERM smbd signals its whole process group;
- Samba checks a password against its own database (``passdb backend = tdbsam``, filled
  with ``pdbedit``), but each Samba user must also be a Unix account, whose identity the
  server takes on to touch files. We do not create accounts on your machine: when you
  are root, smbd runs inside a user namespace where it is the existing unprivileged
  user ``nobody`` (as ``unshare --map-user`` arranges); otherwise it runs as you. The
  ``username map`` then maps the SMB name ``student`` to that account;
- listing the shares is a remote procedure call (the ``srvsvc`` pipe) that smbd hands
  to ``samba-dcerpcd``, started on first use in a session of its own; we stop it too.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from string import Template

from labkit import cli, server

HOST = "127.0.0.1"
DEFAULT_PORT = 8445
USER, DEFAULT_PASSWORD = "student", "secret"
SHARE = "Share"
SHARE_SEED = Path(__file__).resolve().parent / "smb_share"
NETBIOS_NAME = "LABSMB"
WORKGROUP = "WORKGROUP"
NOBODY = 65534  # the uid smbd gets in its own user namespace when we are root
INSTALL_HINT = "smbd not found: apt-get install samba"

CONFIG = Template("""\
# Written by smb_server.py: one share, one user, SMB2 over TCP on $host:$port.
[global]
  workgroup = $workgroup
  netbios name = $netbios_name
  server role = standalone server
  interfaces = $host
  bind interfaces only = yes
  smb ports = $port
  disable netbios = yes
  # Everything smbd keeps lives here.
  private dir = $dir/private
  lock directory = $dir/lock
  state directory = $dir/state
  cache directory = $dir/cache
  pid directory = $dir/run
  ncalrpc dir = $dir/ncalrpc
  log file = $dir/log.%m
  passdb backend = tdbsam:$dir/private/passdb.tdb
  # The SMB user name clients give -> the Unix account it runs as.
  username map = $dir/users.map
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes

[$share]
  comment = lab 05 share
  path = $dir/$share
  read only = no
  valid users = $unix_user
""")

PORT_TAKEN = "Address already in use"


class SmbServerError(Exception):
    """smbd is missing, or did not start: the message is one line for the user."""


def find_program(name: str) -> str | None:
    """smbd lives in /usr/sbin, which a normal user's PATH may lack."""
    path = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin"])
    return shutil.which(name, path=path)


class SmbServer:
    """smbd sharing a copy of ``SHARE_SEED`` as ``Share`` from ``directory``.

    ``port`` 0 means a free port, chosen here (smbd needs a number). A context manager;
    after :meth:`start`, ``self.port`` is the real port.
    """

    def __init__(
        self,
        directory: str | Path,
        port: int = 0,
        user: str = USER,
        password: str = DEFAULT_PASSWORD,
        host: str = HOST,
    ):
        self.directory = Path(directory).resolve()
        self.host = host
        self.wanted_port = port
        self.port = port or server.free_ports(1, host)[0]
        self.user, self.password = user, password
        self.share = SHARE
        self.as_root = os.geteuid() == 0
        uid = NOBODY if self.as_root else os.getuid()
        try:
            self.unix_user = pwd.getpwuid(uid).pw_name
        except KeyError:
            raise SmbServerError(f"Samba needs a Unix account with uid {uid}") from None
        self.process: subprocess.Popen | None = None

    @property
    def share_dir(self) -> Path:
        """The folder behind the share: what a client stores there lands here."""
        return self.directory / self.share

    @property
    def config(self) -> Path:
        return self.directory / "smb.conf"

    @property
    def log_file(self) -> Path:
        return self.directory / "smbd.log"

    def wrap(self, command: list[str]) -> list[str]:
        """As root, run ``command`` in a user namespace where it is ``nobody``."""
        if not self.as_root:
            return command
        unshare = shutil.which("unshare")
        if unshare is None:
            raise SmbServerError("unshare not found (it comes with util-linux)")
        return [unshare, f"--map-user={NOBODY}", f"--map-group={NOBODY}", *command]

    def setup(self) -> None:
        """Write the configuration, copy the share and add the user (with pdbedit)."""
        smbd, pdbedit = find_program("smbd"), find_program("pdbedit")
        if smbd is None or pdbedit is None:
            raise SmbServerError(INSTALL_HINT)
        for name in ("private", "lock", "state", "cache", "run", "ncalrpc"):
            (self.directory / name).mkdir(parents=True, exist_ok=True)
        if not self.share_dir.exists():
            shutil.copytree(SHARE_SEED, self.share_dir)
        (self.directory / "users.map").write_text(f"{self.unix_user} = {self.user}\n")
        self.config.write_text(
            CONFIG.substitute(
                host=self.host,
                port=self.port,
                workgroup=WORKGROUP,
                netbios_name=NETBIOS_NAME,
                dir=self.directory,
                share=self.share,
                unix_user=self.unix_user,
            )
        )
        (self.directory / "private" / "passdb.tdb").unlink(missing_ok=True)  # a fresh start
        # pdbedit asks for the new password twice; -t reads both from stdin.
        result = subprocess.run(
            self.wrap([pdbedit, "-s", str(self.config), "-a", "-t", "-u", self.unix_user]),
            input=f"{self.password}\n{self.password}\n",
            capture_output=True,
            text=True,
            timeout=30,
        )
        if result.returncode != 0:
            lines = (result.stderr or result.stdout).strip().splitlines() or ["no message"]
            raise SmbServerError(f"pdbedit could not add {self.user}: {lines[-1]}")

    def start(self, timeout: float = 10, attempts: int = 3) -> SmbServer:
        """Start smbd and wait until it accepts connections; raises SmbServerError.

        A free port we chose can be taken before smbd binds it; then we choose again
        (up to ``attempts`` times, only when we chose the port).
        """
        for attempt in range(attempts):
            try:
                return self.start_once(timeout)
            except SmbServerError as error:
                last_try = attempt == attempts - 1
                if last_try or self.wanted_port or PORT_TAKEN not in str(error):
                    raise
                self.port = server.free_ports(1, self.host)[0]
        raise AssertionError("not reached")

    def start_once(self, timeout: float) -> SmbServer:
        self.check_port_free()
        self.setup()
        smbd = find_program("smbd")
        command = ["--foreground", "--no-process-group", "--debug-stdout", "-s", str(self.config)]
        with open(self.log_file, "wb") as log:
            self.process = subprocess.Popen(
                self.wrap([smbd, *command]),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,  # like setsid: smbd signals its whole group
            )
        try:
            self.wait_ready(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def check_port_free(self) -> None:
        """smbd shares a port with another smbd (SO_REUSEPORT): make sure nobody has it."""
        with socket.socket() as probe:
            try:
                probe.bind((self.host, self.port))
            except OSError as exc:
                raise SmbServerError(f"port {self.port}: {exc.strerror}") from None

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not self._accepts():
            if self.process.poll() is not None or PORT_TAKEN in self.log():
                raise SmbServerError(f"smbd did not start: {self.last_error()}")
            if time.monotonic() > deadline:
                raise SmbServerError(f"smbd not ready within {timeout:g} s on port {self.port}")
            time.sleep(0.05)

    def _accepts(self) -> bool:
        try:
            with socket.create_connection((self.host, self.port), timeout=1):
                pass
        except OSError:
            return False
        return PORT_TAKEN not in self.log()  # else it is somebody else's server

    def log(self) -> str:
        return self.log_file.read_text(errors="replace")

    def last_error(self) -> str:
        """smbd's complaint: the first line that says what failed."""
        lines = [line.strip() for line in self.log().splitlines() if line.strip()]
        errors = [line for line in lines if re.search(r"fail|error|unable|cannot", line, re.I)]
        return (errors or lines[-1:] or ["no message"])[0]

    def helper_pid(self) -> int | None:
        """samba-dcerpcd's pid, when smbd started it (and it is still ours)."""
        pid_file = self.directory / "run" / "samba-dcerpcd.pid"
        try:
            pid = int(pid_file.read_text().split()[0])
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            return None
        return pid if str(self.config).encode() in cmdline else None

    def stop(self, grace: float = 5) -> None:
        """SIGTERM to smbd's and samba-dcerpcd's process groups; SIGKILL after ``grace``."""
        groups = [pid for pid in (self.helper_pid(),) if pid]
        if self.process is not None:
            groups.append(self.process.pid)
        for group in groups:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for group in groups:
            while _group_alive(group) and time.monotonic() < deadline:
                if self.process is not None:
                    self.process.poll()  # reap smbd as soon as it exits
                time.sleep(0.05)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
        if self.process is not None:
            self.process.wait(5)
            self.process = None

    def __enter__(self) -> SmbServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


def _group_alive(group: int) -> bool:
    """True while a process of the group is running (zombies count as gone)."""
    for status in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = status.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group and fields[0] != "Z":  # state, ppid, pgrp
                return True
    return False


def parse_args(argv):
    parser = cli.ArgumentParser(
        description=f"Run a private Samba smbd with one writable share, {SHARE}, holding "
        "test.rtf, and one NTLMv2 user. Stop it with Ctrl-C."
    )
    parser.add_argument("--host", default=HOST, help=f"address to listen on (default: {HOST})")
    parser.add_argument(
        "--port",
        type=cli.port_number,
        default=DEFAULT_PORT,
        help=f"port (default: {DEFAULT_PORT}; 0 picks a free one)",
    )
    parser.add_argument("--user", default=USER, help=f"the SMB user (default: {USER})")
    parser.add_argument(
        "--password-env",
        metavar="VAR",
        default="LAB_PASSWORD",
        help=f"environment variable holding the user's password (default: LAB_PASSWORD; "
        f"unset: {DEFAULT_PASSWORD})",
    )
    parser.add_argument(
        "--dir", type=Path, help="state directory, kept afterwards (default: a temporary one)"
    )
    cli.add_timeout(parser, 10)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    password = os.environ.get(args.password_env) or DEFAULT_PASSWORD
    directory = args.dir or Path(tempfile.mkdtemp(prefix="smbserver-"))
    server.stop_on_sigterm()
    smb = None
    try:
        smb = SmbServer(directory, args.port, args.user, password, args.host)
        smb.start(args.timeout)
        source = f"${args.password_env}" if os.environ.get(args.password_env) else ""
        print(f"Share {smb.share}: {smb.share_dir}")
        print(f"User {smb.user}, password {source or password} (Unix account {smb.unix_user})")
        server.announce((smb.host, smb.port))
        while smb.process.poll() is None:
            time.sleep(0.2)
        return cli.error(f"smbd stopped: {smb.last_error()}")
    except KeyboardInterrupt:
        return 0
    except SmbServerError as exc:
        return cli.error(str(exc))
    except OSError as exc:
        return cli.error(f"{exc.filename or directory}: {cli.describe_error(exc)}")
    finally:
        if smb is not None:
            smb.stop()
        if args.dir is None:
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
