"""Exercise 3: mirror a remote folder over SFTP, transferring only what changed.

:func:`mirror` copies every file under ``remote_dir`` on the server (sub-folders too)
into ``local_dir``, keeping the layout. A file whose local copy has the same size and
the same modification time (whole seconds) as the remote one is skipped; a copied file
gets the remote modification time (``os.utime``), so that the next run can tell it is
up to date. A second run right after the first transfers nothing.

Try it (with ``python ssh_server.py`` running in the lab folder and its key pinned)::

    LAB_PASSWORD=secret python sftp_mirror.py --known-hosts kh / mirror/
"""

from __future__ import annotations

import os
import posixpath
import stat
import sys
from pathlib import Path

import paramiko

from labkit import cli

DEFAULT_PORT = 8022


def up_to_date(local: Path, remote: paramiko.SFTPAttributes) -> bool:
    """True when ``local`` exists with the remote file's size and mtime."""
    try:
        info = local.stat()
    except FileNotFoundError:
        return False
    return info.st_size == remote.st_size and int(info.st_mtime) == int(remote.st_mtime)


def mirror(sftp: paramiko.SFTPClient, remote_dir: str, local_dir: str | Path) -> list[str]:
    """Copy what changed under ``remote_dir`` into ``local_dir``.

    Returns the paths transferred, relative to ``remote_dir`` with ``/`` separators,
    sorted (``["a.txt", "sub/b.bin"]``); ``[]`` when everything was up to date.
    """
    local_dir = Path(local_dir)
    local_dir.mkdir(parents=True, exist_ok=True)
    copied = []
    for entry in sorted(sftp.listdir_attr(remote_dir), key=lambda e: e.filename):
        remote = posixpath.join(remote_dir, entry.filename)
        local = local_dir / entry.filename
        if stat.S_ISDIR(entry.st_mode):
            copied += [f"{entry.filename}/{path}" for path in mirror(sftp, remote, local)]
        elif stat.S_ISREG(entry.st_mode) and not up_to_date(local, entry):
            sftp.get(remote, str(local))
            os.utime(local, (entry.st_atime, entry.st_mtime))
            copied.append(entry.filename)
    return sorted(copied)


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Mirror a remote folder over SFTP.")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument("--user", default="student", help="user name (default: student)")
    parser.add_argument("--password-env", metavar="VAR", default="LAB_PASSWORD")
    parser.add_argument("--known-hosts", type=Path, default=Path.home() / ".ssh" / "known_hosts")
    cli.add_timeout(parser)
    parser.add_argument("remote_dir", help="remote folder, e.g. /")
    parser.add_argument("local_dir", type=Path, help="local folder (created if needed)")
    args = parser.parse_args(argv)
    password = cli.read_password(f"{args.user}@{args.host}'s password: ", args.password_env)
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    try:
        if args.known_hosts.exists():
            client.load_host_keys(str(args.known_hosts))
        with client:
            client.connect(
                args.host,
                args.port,
                username=args.user,
                password=password,
                timeout=args.timeout,
                banner_timeout=args.timeout,
                auth_timeout=args.timeout,
                look_for_keys=False,
                allow_agent=False,
            )
            with client.open_sftp() as sftp:
                sftp.get_channel().settimeout(args.timeout)
                copied = mirror(sftp, args.remote_dir, args.local_dir)
    except (OSError, paramiko.SSHException) as exc:
        return cli.error(str(exc) or type(exc).__name__)
    for path in copied:
        print(path)
    print(f"{len(copied)} file(s) transferred", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
