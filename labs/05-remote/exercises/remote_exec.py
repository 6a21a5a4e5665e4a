"""Exercises 1 and 2: a command-line SSH runner that pins the server's host key.

Start the lab's server first (``python ssh_server.py --host-key host_key`` in the lab
folder). ``ssh_exec.py`` is the worked example to learn from; here you write your own.

**Exercise 1** (:func:`run_remote` and :func:`main`). Run one command on an SSH server
with a password login and behave like the remote command:

- :func:`run_remote` logs in with ``paramiko.SSHClient`` (``RejectPolicy``; load
  ``known_hosts`` when the file exists, a missing file counts as empty;
  ``look_for_keys=False, allow_agent=False``; ``timeout`` for connecting, the banner and
  the login), runs the command and returns ``(exit status, stdout, stderr)``, the output
  decoded from UTF-8 (``recv_exit_status()`` gives the status). The client is closed;
- :func:`main` (the options are ready in :func:`parse_args`): the password comes from
  the environment variable named by ``--password-env`` (``labkit.cli.read_password``);
  the words of CMD are joined by spaces; print the remote stdout on stdout and the
  remote stderr on stderr, exactly as received; exit with the remote status. A refused
  port, a timeout, a wrong password or an unknown host key: one line on stderr
  (``labkit.cli.error``), exit 1, no traceback.

**Exercise 2** (:func:`trust` and ``--trust``). With ``RejectPolicy`` the first run
against a new server fails: its key is unknown. ``--trust`` is the first contact:

- :func:`fetch_host_key` gets the key the server shows in the key exchange, without
  logging in: ``paramiko.Transport`` over ``socket.create_connection((host, port),
  timeout)``, ``start_client(timeout=...)``, ``get_remote_server_key()``, closed after;
- :func:`trust` adds it to ``known_hosts`` (``paramiko.HostKeys``: ``load`` when the file
  exists, ``lookup``/``add``/``save``; the name is :func:`known_hosts_name`) and returns
  it. A key already pinned for that server stays; a DIFFERENT key raises
  ``paramiko.BadHostKeyException(name, new_key, pinned_key)`` and changes nothing;
- ``--trust`` in :func:`main`: trust the server, print ``trusted NAME TYPE FINGERPRINT``
  on stderr (``key.fingerprint`` is ``SHA256:...``: compare it with the server's "Host
  key:" line), then run CMD if one was given (exit 0 if not). A changed key: one line,
  exit 1.

Graded by ``tests/lab05/test_ex1_remote_exec.py`` (exit status and output of the script
and of :func:`run_remote`, password variable, errors) and
``tests/lab05/test_ex2_host_key_pinning.py`` (the first run fails; after ``--trust`` it
passes; a rotated server key raises ``BadHostKeyException``; ``--trust`` does not replace
a pinned key).
"""

from __future__ import annotations

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
    raise NotImplementedError("exercise 1: log in with paramiko and run the command")


def fetch_host_key(host: str, port: int, timeout: float = 5.0) -> paramiko.PKey:
    """The key the server shows during the key exchange; no login."""
    raise NotImplementedError("exercise 2: get the server's key with a Transport")


def trust(host: str, port: int, known_hosts: Path, timeout: float = 5.0) -> paramiko.PKey:
    """Add the server's key to ``known_hosts`` (created if needed) and return it.

    A key already pinned for that server is kept; a different one raises
    ``paramiko.BadHostKeyException`` and leaves the file as it was.
    """
    raise NotImplementedError("exercise 2: pin the server's key in known_hosts")


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
    # TODO (exercises 1 and 2): --trust, the password, run_remote, output, exit status.
    raise NotImplementedError(f"exercises 1 and 2: run {args.command} on {args.host}")


if __name__ == "__main__":
    sys.exit(main())
