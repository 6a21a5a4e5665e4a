"""The lab's own SSH and SFTP server, so that paramiko has something to log in to.

The book logs in to ``localhost:22`` with the account of its author, which needs a real
OpenSSH server and a Unix user with a password (and root, to run sshd with password
logins). This script is a small stand-in written with `asyncssh
<https://asyncssh.readthedocs.io>`_: an SSH server on 127.0.0.1:8022 with one user
(``student``; the password comes from the environment variable named by
``--password-env``, default ``LAB_PASSWORD``, else it is ``secret``) that offers

- **exec**: a few commands, run by this script itself, not by a shell:
  ``echo WORDS``, ``whoami``, ``ls [DIR]`` and ``cat FILE`` (inside the SFTP folder),
  ``exit N`` (ends with status N); anything else ends with status 127, like a shell's
  "command not found";
- **SFTP**, chrooted to a folder (``--root DIR``, else a temporary folder removed at
  the end) holding ``test.txt`` ("This is a test file") and a writable ``upload/``.

The server's host key is what ``known_hosts`` pins. ``--host-key FILE`` reads it from
FILE, or, when FILE does not exist yet, makes a new Ed25519 key and writes it there
(FILE.pub holds the public half, the text that goes into ``known_hosts``). Without it,
every start makes a new key, which is exactly what a client that pins keys refuses.

Run it in its own terminal, stop it with Ctrl-C::

    python ssh_server.py --host-key host_key        # 127.0.0.1:8022, student / secret

It prints one line for each login, command and file transfer.
"""

from __future__ import annotations

import asyncio
import hmac
import os
import shlex
import signal
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh

from labkit import cli, server

DEFAULT_PORT = 8022
DEFAULT_USER, DEFAULT_PASSWORD = "student", "secret"
TEST_FILE = "test.txt"
TEST_TEXT = "This is a test file\n"


def seed_root(root: Path) -> Path:
    """Give ``root`` the book's ``test.txt`` (unless it has one) and a writable ``upload/``."""
    root.mkdir(parents=True, exist_ok=True)
    if not (root / TEST_FILE).exists():
        (root / TEST_FILE).write_text(TEST_TEXT, encoding="utf-8")
    (root / "upload").mkdir(exist_ok=True)
    return root


def load_host_key(path: Path | None) -> asyncssh.SSHKey:
    """The server's key: read from ``path``; made (and saved there) when it does not exist."""
    if path is not None and path.exists():
        return asyncssh.read_private_key(path)
    key = asyncssh.generate_private_key("ssh-ed25519")
    if path is not None:
        key.write_private_key(path)
        os.chmod(path, 0o600)  # ssh tools refuse a private key others can read
        key.write_public_key(f"{path}.pub")
    return key


def public_line(key: asyncssh.SSHKey) -> str:
    """The key as ``known_hosts`` holds it, without the host: ``ssh-ed25519 AAAA...``."""
    algorithm, data = key.export_public_key("openssh").decode().split()[:2]
    return f"{algorithm} {data}"


# --- the commands -----------------------------------------------------------------------


def inside(root: Path, name: str) -> Path | None:
    """``name`` as a path inside ``root`` (``/`` is ``root``), or None if it leaves it."""
    path = (root / name.lstrip("/")).resolve()
    return path if path.is_relative_to(root.resolve()) else None


def run_command(command: str, root: Path, user: str) -> tuple[int, str, str]:
    """Run one of the server's few commands: returns (exit status, stdout, stderr)."""
    try:
        words = shlex.split(command)
    except ValueError as exc:
        return 2, "", f"sh: syntax error: {exc}\n"
    if not words:
        return 0, "", ""
    name, args = words[0], words[1:]
    if name == "echo":
        return 0, " ".join(args) + "\n", ""
    if name == "whoami":
        return 0, user + "\n", ""
    if name == "exit":
        try:
            return (int(args[0]) if args else 0) & 0xFF, "", ""
        except ValueError:
            return 2, "", f"exit: {args[0]}: numeric argument required\n"
    if name in ("ls", "cat"):
        return files_command(name, args, root)
    return 127, "", f"sh: {name}: command not found\n"


def files_command(name: str, args: list[str], root: Path) -> tuple[int, str, str]:
    """``ls [DIR]`` and ``cat FILE...``, confined to the SFTP folder."""
    if name == "ls" and not args:
        args = ["/"]
    if name == "cat" and not args:
        return 1, "", "cat: which file? (this server's cat reads no input)\n"
    out, err, status = [], [], 0
    for arg in args:
        path = inside(root, arg)
        if path is None or not path.exists():
            err.append(f"{name}: {arg}: No such file or directory\n")
            status = 1 if name == "cat" else 2
        elif name == "ls" and path.is_dir():
            out += [entry.name + "\n" for entry in sorted(path.iterdir())]
        elif name == "ls":
            out.append(arg + "\n")
        elif path.is_dir():
            err.append(f"cat: {arg}: Is a directory\n")
            status = 1
        else:
            out.append(path.read_text(encoding="utf-8", errors="replace"))
    return status, "".join(out), "".join(err)


# --- the server -------------------------------------------------------------------------


@dataclass
class Settings:
    """What every connection shares: the account, the SFTP folder, where lines go."""

    user: str
    password: str
    root: Path
    log: Callable[[str], None] = print
    connections: set = field(default_factory=set)


class LabSSHServer(asyncssh.SSHServer):
    """One per connection: password logins for one user; tracks the open connections."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.conn = None
        self.peer = "?"

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        self.peer = conn.get_extra_info("peername", ("?", 0))[0]
        self.settings.connections.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        self.settings.connections.discard(self.conn)

    def begin_auth(self, username: str) -> bool:
        return True  # every user must authenticate

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        ok = username == self.settings.user and hmac.compare_digest(
            password.encode(), self.settings.password.encode()
        )
        outcome = "logged in" if ok else "failed to log in"
        self.settings.log(f"{username} {outcome} from {self.peer}")
        return ok


class LabSFTPServer(asyncssh.SFTPServer):
    """asyncssh's SFTP server, chrooted to the folder, printing each file opened."""

    def __init__(self, chan: asyncssh.SSHServerChannel, settings: Settings):
        super().__init__(chan, chroot=str(settings.root).encode())
        self.settings = settings

    def open(self, path: bytes, pflags: int, attrs: asyncssh.SFTPAttrs):
        file = super().open(path, pflags, attrs)  # raises an SFTPError when it cannot
        verb = "writes" if pflags & asyncssh.FXF_WRITE else "reads"
        user = self.channel.get_extra_info("username")
        self.settings.log(f"{user} {verb} {path.decode(errors='replace')}")
        return file


def make_process_handler(settings: Settings):
    """The exec handler: run the client's command with :func:`run_command`."""

    def handle(process: asyncssh.SSHServerProcess) -> None:
        user = process.get_extra_info("username")
        if process.command is None:
            process.stderr.write("this server runs single commands only, not a shell\n")
            process.exit(1)
            return
        status, out, err = run_command(process.command, settings.root, user)
        process.stdout.write(out)
        process.stderr.write(err)
        settings.log(f"{user} ran {process.command!r}: exit status {status}")
        process.exit(status)

    return handle


async def start_server(
    settings: Settings, host: str = "127.0.0.1", port: int = 0, host_key=None
) -> asyncssh.SSHAcceptor:
    """Start listening; the port is ``acceptor.get_port()``. Used by the tests too."""
    return await asyncssh.create_server(
        lambda: LabSSHServer(settings),
        host,
        port,
        server_host_keys=[host_key or asyncssh.generate_private_key("ssh-ed25519")],
        process_factory=make_process_handler(settings),
        sftp_factory=lambda chan: LabSFTPServer(chan, settings),
        allow_scp=False,
    )


async def stop_server(acceptor: asyncssh.SSHAcceptor, settings: Settings) -> None:
    """Stop listening and close the connections still open."""
    acceptor.close()
    await acceptor.wait_closed()
    for conn in list(settings.connections):
        conn.close()
        await conn.wait_closed()


async def serve(args, settings: Settings, host_key: asyncssh.SSHKey) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)  # Ctrl-C or SIGTERM: a clean stop
    try:
        acceptor = await start_server(settings, args.host, args.port, host_key)
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    print(f"Host key: {host_key.get_algorithm()} {host_key.get_fingerprint()}", flush=True)
    print(f"SFTP folder: {settings.root}", flush=True)
    server.announce((args.host, acceptor.get_port()))
    await stop.wait()
    await stop_server(acceptor, settings)
    return 0


def parse_args(argv):
    parser = cli.ArgumentParser(
        description="A small SSH server: password login, a few commands, SFTP in a folder."
    )
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument(
        "--user", default=DEFAULT_USER, help=f"the one user (default: {DEFAULT_USER})"
    )
    cli.add_password_env(parser, unset=DEFAULT_PASSWORD)
    parser.add_argument(
        "--root", type=Path, metavar="DIR", help="folder served over SFTP (default: a temp one)"
    )
    parser.add_argument(
        "--host-key",
        type=Path,
        metavar="FILE",
        help="the server's private key; made and written there (and FILE.pub) if missing",
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    password = os.environ.get(args.password_env) or DEFAULT_PASSWORD
    try:
        host_key = load_host_key(args.host_key)
    except (OSError, asyncssh.KeyImportError) as exc:
        return cli.error(f"cannot use host key {args.host_key}: {cli.describe_error(exc)}")
    try:
        with tempfile.TemporaryDirectory(prefix="ssh-lab-") as temp:
            root = seed_root(args.root if args.root else Path(temp) / "sftp")
            settings = Settings(args.user, password, root, log=lambda line: print(line, flush=True))
            return asyncio.run(serve(args, settings, host_key))
    except KeyboardInterrupt:  # Ctrl-C before the signal handlers were in place
        return 0
    except OSError as exc:
        return cli.error(f"cannot prepare {args.root}: {cli.describe_error(exc)}")


if __name__ == "__main__":
    sys.exit(main())
