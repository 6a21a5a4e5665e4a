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

import os
import pwd
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from string import Template

from labkit import cli, daemon, server
from labkit.daemon import find_program  # smbd and pdbedit live in /usr/sbin

HOST = "127.0.0.1"
DEFAULT_PORT = 8445
USER, DEFAULT_PASSWORD = "student", "secret"
SHARE = "Share"
SHARE_SEED = Path(__file__).resolve().parent / "smb_share"
NETBIOS_NAME = "LABSMB"
WORKGROUP = "WORKGROUP"
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


class SmbServerError(daemon.DaemonError):
    """smbd is missing, or did not start: the message is one line for the user."""


class SmbServer(daemon.Daemon):
    """smbd sharing a copy of ``SHARE_SEED`` as ``Share`` from ``directory``.

    ``port`` 0 means a free port, chosen here (smbd needs a number). A context manager;
    after :meth:`start`, ``self.port`` is the real port. Starting, waiting and stopping
    come from :class:`labkit.daemon.Daemon`: here is what is special about smbd.
    """

    name = "smbd"  # its output goes to smbd.log
    error = SmbServerError

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
        uid = daemon.NOBODY if self.as_root else os.getuid()  # see daemon.as_nobody
        try:
            self.unix_user = pwd.getpwuid(uid).pw_name
        except KeyError:
            raise SmbServerError(f"Samba needs a Unix account with uid {uid}") from None

    @property
    def share_dir(self) -> Path:
        """The folder behind the share: what a client stores there lands here."""
        return self.directory / self.share

    @property
    def config(self) -> Path:
        return self.directory / "smb.conf"

    def wrap(self, command: list[str]) -> list[str]:
        """As root, run ``command`` in a user namespace where it is ``nobody``."""
        return daemon.as_nobody(command, SmbServerError)

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

    def port_taken(self, error: Exception) -> bool:
        """Start again on another free port? Only if we chose the port."""
        return not self.wanted_port and PORT_TAKEN in str(error)

    def choose_ports(self) -> None:
        self.port = server.free_ports(1, self.host)[0]

    def command(self) -> list[str]:
        self.check_port_free()
        self.setup()
        smbd = find_program("smbd")
        # smbd gets a session of its own (like setsid): on SIGTERM it signals its group.
        options = ["--foreground", "--no-process-group", "--debug-stdout", "-s", str(self.config)]
        return self.wrap([smbd, *options])

    def check_port_free(self) -> None:
        """smbd shares a port with another smbd (SO_REUSEPORT): make sure nobody has it."""
        with socket.socket() as probe:
            try:
                probe.bind((self.host, self.port))
            except OSError as exc:
                raise SmbServerError(f"port {self.port}: {exc.strerror}") from None

    def ready(self) -> bool:
        """True once smbd answers on our port (and says nothing about it being taken)."""
        if PORT_TAKEN in self.log():  # smbd may keep running, without our port
            raise SmbServerError(f"smbd did not start: {self.last_error()}")
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
        return daemon.first_complaint(daemon.log_lines(self.log_file), r"fail|error|unable|cannot")

    def helper_pid(self) -> int | None:
        """samba-dcerpcd's pid, when smbd started it (and it is still ours)."""
        pid_file = self.directory / "run" / "samba-dcerpcd.pid"
        try:
            pid = int(pid_file.read_text().split()[0])
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            return None
        return pid if str(self.config).encode() in cmdline else None

    def helpers(self) -> list[int]:
        """samba-dcerpcd runs in a session of its own: stop it with smbd."""
        return [pid for pid in (self.helper_pid(),) if pid]


def parse_args(argv):
    parser = cli.ArgumentParser(
        description=f"Run a private Samba smbd with one writable share, {SHARE}, holding "
        "test.rtf, and one NTLMv2 user. Stop it with Ctrl-C."
    )
    daemon.add_options(parser, HOST, {"": DEFAULT_PORT})  # --host --port --dir --timeout
    parser.add_argument("--user", default=USER, help=f"the SMB user (default: {USER})")
    cli.add_password_env(parser, unset=DEFAULT_PASSWORD)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    password = os.environ.get(args.password_env) or DEFAULT_PASSWORD

    def start(smb: SmbServer) -> tuple[str, int]:
        """Start smbd and say where the share is; the ready line follows."""
        smb.start(args.timeout)
        source = f"${args.password_env}" if os.environ.get(args.password_env) else ""
        print(f"Share {smb.share}: {smb.share_dir}")
        print(f"User {smb.user}, password {source or password} (Unix account {smb.unix_user})")
        return smb.host, smb.port

    def make(directory: Path) -> SmbServer:
        return SmbServer(directory, args.port, args.user, password, args.host)

    return daemon.run_in_foreground(make, start, args.dir, prefix="smbserver-")


if __name__ == "__main__":
    sys.exit(main())
