"""Exercises 1 and 2: a command-line SSH runner that pins the server's host key.

Exercise 1, :func:`run_remote` and :func:`main`: run one command on an SSH server with a
password login, and behave like the remote command: print its standard output on
standard output and its error output on standard error, and exit with its exit status.

Exercise 2, :func:`trust` and ``--trust``: first contact with a server. ``RejectPolicy``
refuses a server that ``known_hosts`` does not know, so ``--trust`` fetches the
server's key (no login needed), prints its fingerprint for you to compare with the one
the server's administrator gave you, and adds it to ``known_hosts``. From then on, a
server that shows another key at that address is refused.

Try it (with ``python ssh_server.py`` running in the lab folder)::

    LAB_PASSWORD=secret python remote_exec.py --known-hosts kh echo hi    # refused: unknown
    python remote_exec.py --known-hosts kh --trust                        # pins the key
    LAB_PASSWORD=secret python remote_exec.py --known-hosts kh echo hi    # hi
"""

from __future__ import annotations

import logging
import socket
import sys
from pathlib import Path

import paramiko

from labkit import cli

DEFAULT_PORT = 8022


def known_hosts_name(host: str, port: int) -> str:
    """``host`` on port 22, else ``[host]:port``: how known_hosts names a server."""
    return host if port == 22 else f"[{host}]:{port}"


def run_remote(
    host: str,
    port: int,
    user: str,
    password: str,
    command: str,
    known_hosts: Path,
    timeout: float = 5.0,
) -> tuple[int, str, str]:
    """Run ``command`` over SSH: (exit status, stdout, stderr), decoded as UTF-8.

    The server's key must be in ``known_hosts`` (a missing file counts as empty):
    an unknown key raises ``paramiko.SSHException``, a different one
    ``paramiko.BadHostKeyException``; a wrong password ``AuthenticationException``.
    """
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    if Path(known_hosts).exists():
        client.load_host_keys(str(known_hosts))
    with client:
        client.connect(
            host,
            port,
            username=user,
            password=password,
            timeout=timeout,
            banner_timeout=timeout,
            auth_timeout=timeout,
            look_for_keys=False,
            allow_agent=False,
        )
        _, stdout, stderr = client.exec_command(command, timeout=timeout)
        out = stdout.read().decode("utf-8", errors="replace")
        err = stderr.read().decode("utf-8", errors="replace")
        return stdout.channel.recv_exit_status(), out, err


def fetch_host_key(host: str, port: int, timeout: float = 5.0) -> paramiko.PKey:
    """The key the server shows during the key exchange; no login."""
    sock = socket.create_connection((host, port), timeout=timeout)
    with paramiko.Transport(sock) as transport:
        transport.banner_timeout = transport.handshake_timeout = timeout
        transport.start_client(timeout=timeout)
        return transport.get_remote_server_key()


def trust(host: str, port: int, known_hosts: Path, timeout: float = 5.0) -> paramiko.PKey:
    """Add the server's key to ``known_hosts`` (created if needed) and return it.

    A key already pinned for that server is kept; a different one raises
    ``paramiko.BadHostKeyException`` and leaves the file as it was.
    """
    known_hosts = Path(known_hosts)
    key = fetch_host_key(host, port, timeout)
    name = known_hosts_name(host, port)
    keys = paramiko.HostKeys()
    if known_hosts.exists():
        keys.load(str(known_hosts))
    pinned = (keys.lookup(name) or {}).get(key.get_name())
    if pinned is not None and pinned != key:
        raise paramiko.BadHostKeyException(name, key, pinned)
    if pinned is None:
        keys.add(name, key.get_name(), key)
        known_hosts.parent.mkdir(parents=True, exist_ok=True)
        keys.save(str(known_hosts))
    return key


def describe(exc: BaseException, host: str, port: int) -> str:
    name = known_hosts_name(host, port)
    if isinstance(exc, paramiko.BadHostKeyException):
        return f"host key of {name} changed (now {exc.key.fingerprint}): refused"
    if isinstance(exc, paramiko.AuthenticationException):
        return f"authentication failed for {name}"
    if isinstance(exc, paramiko.SSHException) and "known_hosts" in str(exc):
        return f"unknown host key for {name}: run again with --trust after checking it"
    if isinstance(exc, paramiko.ssh_exception.NoValidConnectionsError):
        return cli.describe_error(next(iter(exc.errors.values()), exc))
    if isinstance(exc, paramiko.SSHException):
        return f"SSH failed: {exc}"
    return cli.describe_error(exc)


def parse_args(argv):
    parser = cli.ArgumentParser(description="Run a command over SSH; exit with its status.")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument("--user", default="student", help="user name (default: student)")
    parser.add_argument(
        "--password-env",
        metavar="VAR",
        default="LAB_PASSWORD",
        help="environment variable holding the password (default: LAB_PASSWORD)",
    )
    parser.add_argument(
        "--known-hosts",
        type=Path,
        metavar="FILE",
        default=Path.home() / ".ssh" / "known_hosts",
        help="trusted host keys (default: ~/.ssh/known_hosts)",
    )
    parser.add_argument(
        "--trust", action="store_true", help="add the server's key to --known-hosts first"
    )
    cli.add_timeout(parser)
    parser.add_argument("command", nargs="*", metavar="CMD", help="the command and its words")
    args = parser.parse_args(argv)
    if not args.command and not args.trust:
        parser.error("give a command (or --trust)")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    logging.getLogger("paramiko").addHandler(logging.NullHandler())
    try:
        if args.trust:
            key = trust(args.host, args.port, args.known_hosts, args.timeout)
            name = known_hosts_name(args.host, args.port)
            print(f"trusted {name} {key.get_name()} {key.fingerprint}", file=sys.stderr)
            if not args.command:
                return 0
        try:
            password = cli.read_password(f"{args.user}@{args.host}'s password: ", args.password_env)
        except (EOFError, KeyboardInterrupt):
            password = ""
        if not password:
            return cli.error(f"no password (set {args.password_env})")
        status, out, err = run_remote(
            args.host,
            args.port,
            args.user,
            password,
            " ".join(args.command),
            args.known_hosts,
            args.timeout,
        )
    except TimeoutError:
        return cli.error(f"timed out talking to {args.host}:{args.port}")
    except (OSError, paramiko.SSHException) as exc:
        return cli.error(describe(exc, args.host, args.port))
    sys.stdout.write(out)
    sys.stderr.write(err)
    return status if status >= 0 else 1


if __name__ == "__main__":
    sys.exit(main())
