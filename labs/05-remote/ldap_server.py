"""A private LDAP directory for lab 05: OpenLDAP's slapd holding the book's tree.

The book's LDAP section (chapter 5, "Reading data from an LDAP server") searches a
directory on its author's virtual machine. This script starts your own copy of slapd,
the OpenLDAP server, on 127.0.0.1 with the same tree, ``dc=localdomain,dc=loc``:

- ``ou=users`` holds one person, ``cn=Faruque Sarker`` (uid ``fsarker``, uidNumber
  1001, password ``sarkerpw``), and ``ou=groups`` the posixGroup ``cn=admin``;
- anyone may read every entry without logging in (an anonymous bind), except the
  ``userPassword`` attributes, which slapd only uses to check a bind;
- the administrator ``cn=admin,dc=localdomain,dc=loc`` (the "rootdn") may change
  anything; its password comes from ``--admin-password-env`` (default: ``adminpw``).

The entries come from an LDIF file (``--ldif``, default the lab network's
``vagrant/seed/ldap/book.ldif``), loaded offline with ``slapadd`` before slapd starts.

Run it in its own terminal and leave it running::

    python ldap_server.py                  # ldap://127.0.0.1:8389/
    python ldap_server.py --port 0         # any free port

Ctrl-C (or SIGTERM) stops slapd and removes its temporary folder. The tests use the
same :class:`LdapServer` on a free port.

How slapd is run: the old single-file configuration (``slapd.conf``, read with ``-f``)
instead of the ``cn=config`` database Debian uses, everything (configuration, database,
pid file) in one temporary folder, and ``-d 0``, which keeps slapd in the foreground.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from string import Template

from labkit import cli, daemon, server
from labkit.daemon import find_program  # slapd and slapadd live in /usr/sbin

HOST = "127.0.0.1"
DEFAULT_PORT = 8389
SUFFIX = "dc=localdomain,dc=loc"
ADMIN_DN = f"cn=admin,{SUFFIX}"
DEFAULT_ADMIN_PASSWORD = "adminpw"
BOOK_LDIF = Path(__file__).resolve().parents[2] / "vagrant" / "seed" / "ldap" / "book.ldif"
INSTALL_HINT = "slapd not found: apt-get install slapd"

CONFIG = Template("""\
# Written by ldap_server.py: the book's directory, dc=localdomain,dc=loc.
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/nis.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile $dir/slapd.pid
argsfile $dir/slapd.args
# Debian builds the database backends as modules.
modulepath /usr/lib/ldap
moduleload back_mdb

database mdb
maxsize 104857600
suffix "$suffix"
rootdn "$admin_dn"
rootpw $admin_password
directory $dir/db
index objectClass eq
index uid eq
# Who may do what, first match wins: a password is only used to check a bind (and
# changed by its owner); everything else is readable by anyone, even anonymously.
access to attrs=userPassword
    by self write
    by anonymous auth
    by * none
access to *
    by * read
""")

# How slapd says that the port it was given is taken.
PORT_TAKEN = re.compile(r"Address already in use")


class LdapServerError(daemon.DaemonError):
    """slapd is missing, the LDIF does not load, or slapd did not start (one line)."""


def count_entries(ldif: Path) -> int:
    """How many entries an LDIF file holds: one ``dn:`` line each."""
    return sum(line.startswith("dn:") for line in ldif.read_text().splitlines())


class LdapServer(daemon.Daemon):
    """slapd serving the entries of ``ldif`` from ``directory``; a context manager.

    ``port`` 0 means a free port, chosen here (slapd needs a number). After
    :meth:`start`, ``self.port`` is the real one and ``self.url`` the server's URL.
    Starting, waiting and stopping come from :class:`labkit.daemon.Daemon`: here is
    what is special about slapd.
    """

    name = "slapd"  # its output goes to slapd.log
    error = LdapServerError

    def __init__(
        self,
        directory: str | Path,
        port: int = 0,
        admin_password: str = DEFAULT_ADMIN_PASSWORD,
        ldif: str | Path = BOOK_LDIF,
        host: str = HOST,
    ):
        self.directory = Path(directory).resolve()
        self.host = host
        self.wanted_port = port
        self.port = port or server.free_ports(1, host)[0]
        self.admin_dn, self.admin_password = ADMIN_DN, admin_password
        self.suffix = SUFFIX
        self.ldif = Path(ldif)

    @property
    def url(self) -> str:
        return f"ldap://{self.host}:{self.port}/"

    @property
    def config(self) -> Path:
        return self.directory / "slapd.conf"

    def write_config(self) -> None:
        """Write slapd.conf (readable by us only: it holds the admin password)."""
        (self.directory / "db").mkdir(parents=True, exist_ok=True)
        text = CONFIG.substitute(
            dir=self.directory,
            suffix=self.suffix,
            admin_dn=self.admin_dn,
            admin_password=self.admin_password,
        )
        self.config.touch(mode=0o600)
        self.config.write_text(text)

    def load(self) -> int:
        """Load the LDIF into an empty database with slapadd; return the entry count."""
        slapadd = find_program("slapadd")
        if slapadd is None:
            raise LdapServerError(INSTALL_HINT)
        if not self.ldif.is_file():
            raise LdapServerError(f"{self.ldif}: no such file")
        self.write_config()
        result = subprocess.run(
            [slapadd, "-q", "-f", str(self.config), "-l", str(self.ldif)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if result.returncode != 0:
            lines = (result.stderr or result.stdout).strip().splitlines() or ["no message"]
            raise LdapServerError(f"slapadd could not load {self.ldif.name}: {lines[-1]}")
        return count_entries(self.ldif)

    def port_taken(self, error: Exception) -> bool:
        """Start again on another free port? Only if we chose the port."""
        return not self.wanted_port and bool(PORT_TAKEN.search(str(error)))

    def choose_ports(self) -> None:
        self.port = server.free_ports(1, self.host)[0]

    def command(self) -> list[str]:
        slapd = find_program("slapd")
        if slapd is None:
            raise LdapServerError(INSTALL_HINT)
        # -d: stay in the foreground and log to stderr; "none" logs only the essentials:
        # "slapd starting" once it listens, and why it stops.
        return [slapd, "-d", "none", "-h", self.url, "-f", str(self.config)]

    def ready(self) -> bool:
        """True once slapd logged "slapd starting" (so the port is ours) and answers."""
        if "slapd starting" not in self.log_file.read_text(errors="replace"):
            return False
        try:
            with socket.create_connection((self.host, self.port), timeout=1):
                return True
        except OSError:
            return False

    def last_error(self) -> str:
        """Why slapd stopped: its first complaint, without the time stamp and thread id."""
        lines = [
            re.sub(r"^[0-9a-f]+\.[0-9a-f]+ 0x[0-9a-f]+ ", "", line)
            for line in daemon.log_lines(self.log_file)
        ]
        return daemon.first_complaint(lines, r"fail|error|invalid|unknown")

    def __enter__(self) -> LdapServer:
        self.load()
        return self.start()


def parse_args(argv):
    parser = cli.ArgumentParser(
        description="Run a private slapd (OpenLDAP) holding the book's directory "
        f"{SUFFIX}, readable anonymously. Stop it with Ctrl-C."
    )
    daemon.add_options(parser, HOST, {"": DEFAULT_PORT})  # --host --port --dir --timeout
    cli.add_password_env(
        parser, "--admin-password-env", "LDAP_ADMIN_PASSWORD", unset=DEFAULT_ADMIN_PASSWORD
    )
    parser.add_argument(
        "--ldif",
        type=cli.existing_file,
        default=str(BOOK_LDIF),
        help="entries to load (default: the book's tree, vagrant/seed/ldap/book.ldif)",
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    password = os.environ.get(args.admin_password_env) or DEFAULT_ADMIN_PASSWORD
    if args.dir and args.dir.exists() and any(args.dir.iterdir()):
        return cli.error(f"{args.dir}: not empty (slapadd needs an empty database)")

    def start(ldap: LdapServer) -> tuple[str, int]:
        """Load the tree, start slapd, say where it is; the ready line follows."""
        count = ldap.load()
        ldap.start(args.timeout)
        print(f"Directory {ldap.suffix}: {count} entries from {ldap.ldif.name}")
        source = f"${args.admin_password_env}" if os.environ.get(args.admin_password_env) else ""
        print(f"Administrator: {ldap.admin_dn}, password {source or password}")
        print(f"URL: {ldap.url}")
        return ldap.host, ldap.port

    def make(directory: Path) -> LdapServer:
        return LdapServer(directory, args.port, password, args.ldif, args.host)

    return daemon.run_in_foreground(make, start, args.dir, prefix="ldapserver-")


if __name__ == "__main__":
    sys.exit(main())
