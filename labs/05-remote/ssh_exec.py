"""Run one command on another machine over SSH, with paramiko.

Follows "Running commands with paramiko" in chapter 5 of the book (``5_1_ssh_with_paramiko.py``),
which logs in with a password and runs ``ls -l /dev``. Start the lab's server first
(``python ssh_server.py --host-key host_key``), trust its key, then::

    LAB_PASSWORD=secret python ssh_exec.py --known-hosts known_hosts echo hello
    python ssh_exec.py --known-hosts known_hosts exit 3; echo $?       # prints 3

The words after the options form the command, joined by spaces as ``ssh`` does. The
password comes from the environment variable named by ``--password-env`` (default
``LAB_PASSWORD``), else it is asked for (or read from standard input when that is not a
terminal). The command's output is printed as text, its error output goes to stderr, and
the script's exit status is the command's.

Differences from the book:

- the book trusts any server with ``AutoAddPolicy``, so a machine in the middle could
  answer instead. Here ``RejectPolicy`` refuses a server whose key is not in
  ``--known-hosts`` (default ``~/.ssh/known_hosts``), and paramiko refuses one whose key
  changed. ``--insecure-auto-add`` shows the book's way, in one marked place below;
- ``print(stdout.read())`` printed a bytes repr (``b'total 0\\n...'``): decode it;
- the exit status was ignored: ``recv_exit_status()`` returns it;
- ``look_for_keys=False, allow_agent=False``: log in with the password only, not with
  whatever keys ``~/.ssh`` or an agent happen to hold;
- refused, timed out, unknown or changed host key, wrong password: one line, exit 1.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import paramiko

from labkit import cli

DEFAULT_PORT = 8022
DEFAULT_KNOWN_HOSTS = Path.home() / ".ssh" / "known_hosts"
SERVER_HINT = "is the SSH server running? start it with: python ssh_server.py"


def known_hosts_name(host: str, port: int) -> str:
    """How ``known_hosts`` names a server: ``host``, or ``[host]:port`` off port 22."""
    return host if port == 22 else f"[{host}]:{port}"


def connect(
    host: str,
    port: int,
    user: str,
    password: str,
    known_hosts: Path,
    timeout: float = 5.0,
    insecure_auto_add: bool = False,
) -> paramiko.SSHClient:
    """Log in with a password; the server's key must be the one ``known_hosts`` pins."""
    client = paramiko.SSHClient()
    if insecure_auto_add:
        # INSECURE, for comparison with the book only: accept whatever key the server
        # shows and write it to known_hosts ("trust on first use"). Whoever answers the
        # first connection, an attacker included, becomes "the server" from then on.
        known_hosts.parent.mkdir(parents=True, exist_ok=True)
        known_hosts.touch()
        client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    else:
        client.set_missing_host_key_policy(paramiko.RejectPolicy())
    if known_hosts.exists():
        client.load_host_keys(str(known_hosts))
    try:
        client.connect(
            host,
            port,
            username=user,
            password=password,
            timeout=timeout,  # connecting
            banner_timeout=timeout,  # the server's first line
            auth_timeout=timeout,  # the answer to the password
            look_for_keys=False,
            allow_agent=False,
        )
    except BaseException:
        client.close()
        raise
    return client


def run(client: paramiko.SSHClient, command: str, timeout: float = 5.0) -> tuple[int, str, str]:
    """Run ``command``: (exit status, stdout, stderr), the output decoded as UTF-8."""
    stdin, stdout, stderr = client.exec_command(command, timeout=timeout)
    stdin.close()  # we send no input
    out = stdout.read().decode("utf-8", errors="replace")
    err = stderr.read().decode("utf-8", errors="replace")
    return stdout.channel.recv_exit_status(), out, err


def describe_ssh_error(
    exc: BaseException, host: str, port: int, known_hosts: Path | None = None
) -> str:
    """One line for what went wrong while connecting, checking the key or logging in."""
    name = known_hosts_name(host, port)
    where = known_hosts or "known_hosts"
    if isinstance(exc, paramiko.BadHostKeyException):
        return (
            f"the host key of {name} CHANGED (now {exc.key.fingerprint}): another "
            "machine, or one in between; remove the old line only if you know why"
        )
    if isinstance(exc, paramiko.AuthenticationException):
        return "authentication failed (wrong user name or password?)"
    if isinstance(exc, paramiko.SSHException) and "not found in known_hosts" in str(exc):
        return f"the host key of {name} is not in {where}: refused (add it there first)"
    if isinstance(exc, paramiko.ssh_exception.NoValidConnectionsError):
        inner = next(iter(exc.errors.values()), exc)
        return cli.with_hint(cli.describe_error(inner), SERVER_HINT)
    if isinstance(exc, paramiko.SSHException) and any(
        text in str(exc) for text in ("No existing session", "protocol banner")
    ):  # paramiko's words for "no SSH handshake in time"
        return f"timed out: no SSH handshake with {name} (is it an SSH server?)"
    if isinstance(exc, paramiko.SSHException):
        return f"SSH failed: {exc}"
    return cli.with_hint(cli.describe_error(exc), SERVER_HINT)


def quiet_paramiko() -> None:
    """paramiko logs its background thread's errors ("Exception (client): ...") to stderr
    when nothing else handles them; the script reports each failure in its own one line."""
    logging.getLogger("paramiko").addHandler(logging.NullHandler())


def ask_password(user: str, host: str, variable: str) -> str:
    """$VARIABLE, else the answer to a prompt; "" when there is neither."""
    try:
        return cli.read_password(f"{user}@{host}'s password: ", variable)
    except (EOFError, KeyboardInterrupt):
        return ""


def parse_args(argv):
    parser = cli.ArgumentParser(
        description="Run a command over SSH (password login) and exit with its status."
    )
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument("--user", default="student", help="user name (default: student)")
    cli.add_password_env(parser)
    parser.add_argument(
        "--known-hosts",
        type=Path,
        metavar="FILE",
        default=DEFAULT_KNOWN_HOSTS,
        help="trusted host keys (default: ~/.ssh/known_hosts)",
    )
    parser.add_argument(
        "--insecure-auto-add",
        action="store_true",
        help="INSECURE: trust an unknown server's key and save it (the book's AutoAddPolicy)",
    )
    cli.add_timeout(parser)
    parser.add_argument("command", nargs="+", metavar="CMD", help="the command and its words")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    password = ask_password(args.user, args.host, args.password_env)
    if not password:
        return cli.error(f"no password given (set {args.password_env} or type it when asked)")
    command = " ".join(args.command)
    quiet_paramiko()
    try:
        with connect(
            args.host,
            args.port,
            args.user,
            password,
            args.known_hosts,
            args.timeout,
            args.insecure_auto_add,
        ) as client:
            status, out, err = run(client, command, args.timeout)
    except TimeoutError:
        return cli.error(f"timed out talking to {args.host}:{args.port}")
    except (OSError, paramiko.SSHException) as exc:
        return cli.error(describe_ssh_error(exc, args.host, args.port, args.known_hosts))
    if out:
        cli.print_output(out.removesuffix("\n"))
    if err:
        print(err, end="", file=sys.stderr, flush=True)
    if status < 0:
        return cli.error("the server sent no exit status")
    return status


if __name__ == "__main__":
    sys.exit(main())
