"""Download one file over SFTP with paramiko's Transport and SFTPClient.

Follows "SFTP file transfer" in chapter 5 of the book (``5_2_sftp_file_transfer.py``),
which fetches ``/tmp/test.txt`` into the current folder under its own name. The lab's
server (``python ssh_server.py --host-key host_key``) serves a folder holding
``test.txt``, which its SFTP clients see as ``/test.txt``::

    LAB_PASSWORD=secret python sftp_download.py --known-hosts known_hosts /test.txt
    python sftp_download.py --known-hosts known_hosts --dest /tmp /test.txt

SFTP is a file protocol inside an SSH connection: the ``Transport`` is the connection
(key exchange, host key, login), ``SFTPClient.from_transport`` opens the ``sftp``
subsystem on one channel of it, and ``get`` reads the remote file in pieces.

Differences from the book:

- ``paramiko.Transport(hostname, port)`` passes the port as the second parameter,
  ``default_window_size``: the port is ignored and the connection goes to port 22
  ("Connection refused" with a server on any other port). The address is one argument,
  ``Transport((host, port))``; here it is an open socket, so that connecting has a timeout;
- the transport was never closed: ``with`` closes it, the SFTP session too;
- the server's key is checked against ``--known-hosts`` before the password is sent
  (the book's Transport accepted any key);
- missing remote file, refused, timed out, wrong password: one line, exit 1.
"""

from __future__ import annotations

import argparse
import socket
import stat
import sys
from pathlib import Path, PurePosixPath

import paramiko
from ssh_exec import (
    DEFAULT_KNOWN_HOSTS,
    DEFAULT_PORT,
    ask_password,
    describe_ssh_error,
    known_hosts_name,
    quiet_paramiko,
)

from labkit import cli


def open_transport(host: str, port: int, timeout: float = 5.0) -> paramiko.Transport:
    """An SSH connection to ``(host, port)``, not started yet. Waits at most ``timeout``."""
    sock = socket.create_connection((host, port), timeout=timeout)
    transport = paramiko.Transport(sock)  # the book's bug: Transport(host, port)
    transport.banner_timeout = transport.handshake_timeout = transport.auth_timeout = timeout
    return transport


def check_host_key(transport: paramiko.Transport, name: str, known_hosts: Path) -> None:
    """Raise unless the server's key is the one ``known_hosts`` holds for ``name``."""
    key = transport.get_remote_server_key()
    known = paramiko.HostKeys(str(known_hosts)) if known_hosts.exists() else paramiko.HostKeys()
    expected = (known.lookup(name) or {}).get(key.get_name())
    if expected is None:
        raise paramiko.SSHException(f"Server {name!r} not found in known_hosts")
    if expected != key:
        raise paramiko.BadHostKeyException(name, key, expected)


def download(
    transport: paramiko.Transport, remote_path: str, dest: Path, timeout: float = 5.0
) -> Path:
    """Fetch ``remote_path`` into ``dest`` under its base name; return the local path."""
    local = Path(dest) / PurePosixPath(remote_path).name
    partial = local.with_name(local.name + ".part")  # the real name only once complete
    with paramiko.SFTPClient.from_transport(transport) as sftp:
        sftp.get_channel().settimeout(timeout)
        try:
            attributes = sftp.stat(remote_path)
        except FileNotFoundError:
            raise FileNotFoundError(f"no such file on the server: {remote_path}") from None
        if stat.S_ISDIR(attributes.st_mode or 0):
            raise IsADirectoryError(f"{remote_path} is a folder, not a file")
        try:
            sftp.get(remote_path, str(partial))
            partial.replace(local)
        finally:
            partial.unlink(missing_ok=True)
    return local


def fetch(
    host: str,
    port: int,
    user: str,
    password: str,
    remote_path: str,
    dest: Path,
    known_hosts: Path,
    timeout: float = 5.0,
) -> Path:
    """Connect, check the host key, log in, download; the connection is always closed."""
    with open_transport(host, port, timeout) as transport:
        transport.start_client(timeout=timeout)  # banners and key exchange
        check_host_key(transport, known_hosts_name(host, port), known_hosts)
        transport.auth_password(user, password)
        return download(transport, remote_path, dest, timeout)


def existing_dir(text: str) -> Path:
    """argparse type: a folder that exists."""
    if not Path(text).is_dir():
        raise argparse.ArgumentTypeError(f"{text}: no such folder")
    return Path(text)


def parse_args(argv):
    parser = cli.ArgumentParser(description="Download one file over SFTP (password login).")
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
        "--dest", type=existing_dir, default=Path("."), help="where to save (default: .)"
    )
    cli.add_timeout(parser)
    parser.add_argument(
        "remote_path",
        nargs="?",
        default="/test.txt",
        metavar="REMOTE_PATH",
        help="the file to fetch (default: /test.txt)",
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    password = ask_password(args.user, args.host, args.password_env)
    if not password:
        return cli.error(f"no password given (set {args.password_env} or type it when asked)")
    quiet_paramiko()
    try:
        local = fetch(
            args.host,
            args.port,
            args.user,
            password,
            args.remote_path,
            args.dest,
            args.known_hosts,
            args.timeout,
        )
    except (FileNotFoundError, IsADirectoryError) as exc:
        return cli.error(str(exc))
    except TimeoutError:
        return cli.error(f"timed out talking to {args.host}:{args.port}")
    except (OSError, paramiko.SSHException) as exc:
        return cli.error(describe_ssh_error(exc, args.host, args.port, args.known_hosts))
    size = local.stat().st_size
    return cli.print_output(f"Downloaded {args.remote_path} to {local} ({size} bytes)")


if __name__ == "__main__":
    sys.exit(main())
