"""A private POP3/IMAP server for lab 04: dovecot with one user and three messages.

The book reads mail from Gmail. The lab never leaves your machine, so this script starts
its own copy of dovecot (the POP3/IMAP server most Linux mail hosts run) on 127.0.0.1:

- user ``student``, password ``secret``, whose mail is a Maildir (one file per message:
  new mail is dropped into ``new/``, exactly what a mail transfer agent does);
- three messages, "Msg 1", "Msg 2" (with a small GIF attached) and "Msg 3";
- POP3 and IMAP in plain text, and POP3S and IMAPS (TLS from the first byte) with a
  certificate from a throwaway certificate authority (CA) made with trustme. Clients
  verify the server against that CA: ``--write-ca ca.pem`` saves it for their ``--cafile``.

Run it in its own terminal and leave it running while you work through the lab::

    python mail_store.py --write-ca ca.pem          # POP3S 8995, IMAPS 8993
    python mail_store.py --pop3s-port 0 --imaps-port 0 --pop3-port 0 --imap-port 0

It stops on Ctrl-C (or SIGTERM), stops dovecot and removes what it made. Tests import
:class:`MailStore`, the same server, on free ports.

How dovecot is run, and why:

- every file (configuration, sockets, logs, mail) lives in one state directory
  (``--dir``, default a temporary one), and ``instance_name`` keeps this dovecot apart
  from a system one;
- dovecot refuses to run its login processes as root. Started by a normal user, it runs
  as that user. Started as root (or as "root" inside a user namespace, like the lab's
  private network namespace), it runs in a nested user namespace where it is the
  unprivileged user ``nobody``, via ``unshare --map-user``;
- failed logins are answered at once (a real server waits a little to slow guessing).
"""

from __future__ import annotations

import base64
import functools
import grp
import mailbox
import os
import pwd
import re
import shutil
import socket
import sys
import time
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from string import Template

import trustme

from labkit import cli, daemon, server

HOST = "127.0.0.1"
USER, PASSWORD = "student", "secret"
DEFAULT_PORTS = {"pop3": 8110, "pop3s": 8995, "imap": 8143, "imaps": 8993}
INSTALL_HINT = "dovecot not found: apt-get install dovecot-imapd dovecot-pop3d"

# A 1x1 pixel GIF image: the attachment of "Msg 2".
PIXEL_GIF = base64.b64decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")

CONFIG = Template("""\
# Written by mail_store.py: one user, a Maildir, POP3/IMAP (plain and TLS) on $host.
protocols = imap pop3
listen = $host
instance_name = $instance
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
# Who dovecot's helper processes run as: the user dovecot itself runs as.
default_internal_user = $user
default_internal_group = $group
default_login_user = $user
first_valid_uid = 1
ssl = yes
ssl_cert = <$dir/tls/server.pem
ssl_key = <$dir/tls/server.key
# Allow passwords on the plain ports too (the lab shows what that looks like).
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0 secs
mail_location = maildir:$dir/mail/%n/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $dir/users
}
userdb {
  driver = static
  args = uid=$user gid=$group home=$dir/mail/%n
}
# No chroot: that needs real root. Blocks are written one setting per line.
service anvil {
  chroot =
}
service ipc {
  chroot =
}
service old-stats {
  chroot =
}
service imap-login {
  chroot =
  inet_listener imap {
    port = $imap
  }
  inet_listener imaps {
    port = $imaps
    ssl = yes
  }
}
service pop3-login {
  chroot =
  inet_listener pop3 {
    port = $pop3
  }
  inet_listener pop3s {
    port = $pop3s
    ssl = yes
  }
}
""")


class MailStoreError(daemon.DaemonError):
    """dovecot is missing, or did not start: the message is one line for the user."""


def find_dovecot() -> str | None:
    """The dovecot binary (it lives in /usr/sbin, which a normal user's PATH may lack)."""
    return daemon.find_program("dovecot")


def seed_messages() -> list[EmailMessage]:
    """The three messages every fresh store starts with; "Msg 2" has a GIF attached."""
    bodies = {
        1: "Welcome to lab 04. This is the first message in your mailbox.\n",
        2: "The lab logo is attached (a very small GIF).\n",
        3: "Last one: POP3 shows it last, IMAP numbers it 3.\n",
    }
    messages = []
    for number, body in bodies.items():
        message = EmailMessage()
        message["From"] = "Lab Professor <prof@lab.test>"
        message["To"] = "Student <student@lab.test>"
        message["Subject"] = f"Msg {number}"
        message["Date"] = datetime(2025, 9, number, 9, 0, tzinfo=UTC)
        message["Message-ID"] = f"<msg{number}@lab.test>"
        message.set_content(body)
        if number == 2:
            message.add_attachment(PIXEL_GIF, maintype="image", subtype="gif", filename="logo.gif")
            message.set_boundary("lab04-msg2-boundary")  # the same bytes every time
        messages.append(message)
    return messages


# How dovecot says a port it was given is not free.
PORT_TAKEN = re.compile(r"Address already in use|duplicate listener")


class MailStore(daemon.Daemon):
    """dovecot serving one user's Maildir from ``directory``; a context manager.

    ``ports`` maps "pop3", "pop3s", "imap", "imaps" to port numbers (0 or missing: a
    free port). After :meth:`start`, ``self.ports`` holds the real ones. Starting,
    waiting and stopping come from :class:`labkit.daemon.Daemon`: here is what is
    special about dovecot. (Its master takes about a second to stop its helpers; tests,
    which throw the whole state directory away, call ``stop()`` with a shorter grace.)
    """

    name = "dovecot"
    error = MailStoreError

    def __init__(
        self,
        directory: str | Path,
        ports: dict[str, int] | None = None,
        host: str = HOST,
        ca: trustme.CA | None = None,
    ):
        self.directory = Path(directory).resolve()
        self.host = host
        self.wanted = {**dict.fromkeys(DEFAULT_PORTS, 0), **(ports or {})}
        self.ports = self.pick_ports()
        self.ca = ca or trustme.CA()
        self.user, self.password = USER, PASSWORD

    # --- where things are ---------------------------------------------------------

    @property
    def maildir(self) -> Path:
        return self.directory / "mail" / self.user / "Maildir"

    @property
    def cafile(self) -> Path:
        return self.directory / "tls" / "ca.pem"

    @property
    def log_file(self) -> Path:
        """dovecot's stdout and stderr: what it says before it opens its own log."""
        return self.directory / "dovecot.err"

    @property
    def dovecot_log(self) -> Path:
        """dovecot's own log (``log_path`` in dovecot.conf)."""
        return self.directory / "dovecot.log"

    # --- the mail --------------------------------------------------------------------

    def open_maildir(self) -> mailbox.Maildir:
        """The user's Maildir as a :class:`mailbox.Maildir` (created if missing)."""
        self.maildir.parent.mkdir(parents=True, exist_ok=True)
        return mailbox.Maildir(self.maildir, create=True)

    def add(self, message: EmailMessage | bytes) -> str:
        """Deliver one message: a new file in the Maildir's ``new/``. Returns its key."""
        return self.open_maildir().add(message)

    def seed(self, messages: list[EmailMessage] | None = None) -> None:
        """Empty the Maildir, then deliver ``messages`` (default: the three seed ones)."""
        self.clear()
        for message in seed_messages() if messages is None else messages:
            self.add(message)

    def clear(self) -> None:
        """Remove every message and folder (and dovecot's indexes) of the user."""
        shutil.rmtree(self.maildir, ignore_errors=True)
        self.open_maildir()

    # --- the server ------------------------------------------------------------------

    def write_config(self) -> Path:
        """Write the users file, the TLS files and dovecot.conf; return the config's path."""
        for folder in ("run", "state", "tls"):
            (self.directory / folder).mkdir(parents=True, exist_ok=True)
        self.open_maildir()
        (self.directory / "users").write_text(f"{self.user}:{{PLAIN}}{self.password}\n")
        cert = self.ca.issue_cert(self.host, "localhost")
        (self.directory / "tls" / "server.pem").write_bytes(
            b"".join(blob.bytes() for blob in cert.cert_chain_pems)
        )
        (self.directory / "tls" / "server.key").write_bytes(cert.private_key_pem.bytes())
        self.ca.cert_pem.write_to_path(str(self.cafile))
        uid = daemon.NOBODY if os.geteuid() == 0 else os.getuid()  # see daemon.as_nobody
        gid = daemon.NOBODY if os.geteuid() == 0 else os.getgid()
        try:
            user, group = pwd.getpwuid(uid).pw_name, grp.getgrgid(gid).gr_name
        except KeyError:
            raise MailStoreError(f"dovecot needs a user name for uid {uid}") from None
        config = self.directory / "dovecot.conf"
        config.write_text(
            CONFIG.substitute(
                host=self.host,
                instance=f"lab04-{os.getpid()}-{self.ports['imaps']}",
                dir=self.directory,
                user=user,
                group=group,
                **self.ports,
            )
        )
        return config

    def pick_ports(self) -> dict[str, int]:
        """The wanted ports, with a different free port for each 0.

        dovecot reads port 0 as "no listener", so we choose the free ports for it.
        """
        free = iter(server.free_ports(list(self.wanted.values()).count(0), self.host))
        return {name: port or next(free) for name, port in self.wanted.items()}

    def port_taken(self, error: Exception) -> bool:
        """Start again on other free ports? Only if we chose some (ports given by number
        are not retried) and dovecot says one was taken."""
        return 0 in self.wanted.values() and bool(PORT_TAKEN.search(str(error)))

    def choose_ports(self) -> None:
        self.ports = self.pick_ports()

    def command(self) -> list[str]:
        """Write the configuration; ``dovecot -F -c CONFIG``, as root as nobody."""
        dovecot = find_dovecot()
        if dovecot is None:
            raise MailStoreError(INSTALL_HINT)
        config = self.write_config()
        self.dovecot_log.write_text("")  # a retry must not read the last try's errors
        return daemon.as_nobody([dovecot, "-F", "-c", str(config)], MailStoreError)

    def wait_ready(self, timeout: float) -> None:
        """Wait for the greeting on the plain ports and a connection on the TLS ones."""
        deadline = time.monotonic() + timeout  # for all four ports together
        for name, port in self.ports.items():
            daemon.wait_until_ready(
                self.process,
                functools.partial(self._answers, port, greeting=not name.endswith("s")),
                timeout,
                name="dovecot",
                error=MailStoreError,
                why_stopped=self.last_error,
                port=port,
                deadline=deadline,
            )

    def _answers(self, port: int, greeting: bool) -> bool:
        try:
            with socket.create_connection((self.host, port), timeout=1) as sock:
                return not greeting or sock.recv(100).startswith((b"+OK", b"* OK"))
        except OSError:
            return False

    def last_error(self) -> str:
        """What went wrong: dovecot's first error (from its log, or from stderr before the
        log was open), without the time stamp."""
        lines = daemon.log_lines(self.log_file, self.dovecot_log)
        return daemon.first_complaint(lines, r"(?:Error|Fatal): (.*)")


def parse_args(argv):
    parser = cli.ArgumentParser(
        description="Run a private dovecot (POP3/IMAP) for lab 04: user student, "
        "password secret, three messages. Stop it with Ctrl-C."
    )
    # --host, --pop3-port, --pop3s-port, --imap-port, --imaps-port, --dir, --timeout
    daemon.add_options(parser, HOST, DEFAULT_PORTS)
    parser.add_argument(
        "--write-ca",
        metavar="FILE",
        type=Path,
        help="save the CA certificate there for clients' --cafile (removed again on exit)",
    )
    parser.add_argument(
        "--no-seed", action="store_true", help="keep the Maildir as it is (no seed messages)"
    )
    return parser.parse_args(argv)


def report(store: MailStore, ca: Path) -> None:
    """Tell the user where everything is (the ready line comes next)."""
    print(f"User {store.user}, password {store.password}, Maildir {store.maildir}")
    print(f"CA certificate: {ca} (clients: --cafile {ca})")
    print(", ".join(f"{name.upper()} {store.host}:{port}" for name, port in store.ports.items()))


def main(argv=None) -> int:
    args = parse_args(argv)
    ports = {name: getattr(args, f"{name}_port") for name in DEFAULT_PORTS}
    wrote_ca = False

    def make(directory: Path) -> MailStore:
        try:
            return MailStore(directory, ports, host=args.host)
        except OSError as exc:  # no free port on that address
            raise MailStoreError(
                f"cannot listen on {args.host}: {cli.describe_error(exc)}"
            ) from None

    def start(store: MailStore) -> tuple[str, int]:
        nonlocal wrote_ca
        if not args.no_seed:
            store.seed()
        store.start(args.timeout)
        if args.write_ca:
            shutil.copyfile(store.cafile, args.write_ca)
            wrote_ca = True
        report(store, args.write_ca or store.cafile)
        return store.host, store.ports["pop3s"]

    try:
        return daemon.run_in_foreground(make, start, args.dir, prefix="mailstore-")
    finally:
        if wrote_ca:
            args.write_ca.unlink(missing_ok=True)  # this CA dies with the store


if __name__ == "__main__":
    sys.exit(main())
