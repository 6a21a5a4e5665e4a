"""Exercise 3: mirror a remote folder over SFTP, transferring only what changed.

Write :func:`mirror`: copy every regular file under ``remote_dir`` on the server, in
sub-folders too, into ``local_dir`` (created if needed), keeping the layout.

- ``sftp.listdir_attr(path)`` lists a folder: each entry has ``filename``, ``st_mode``
  (``stat.S_ISDIR``/``stat.S_ISREG`` tell folders from files), ``st_size``, ``st_mtime``
  and ``st_atime``. Join remote paths with ``posixpath.join`` (the server's paths use
  ``/`` whatever your system is);
- skip a file whose local copy has the same size and the same modification time, in
  whole seconds; otherwise ``sftp.get`` it, then give the local copy the remote times
  with ``os.utime(local, (st_atime, st_mtime))``, so that the next run sees it as up
  to date. A second run right after the first transfers nothing;
- return the paths transferred, relative to ``remote_dir`` with ``/`` separators,
  sorted: ``["a.txt", "sub/b.bin"]``, or ``[]``.

:func:`main` is written: it logs in (host key pinned in ``--known-hosts``), opens the
SFTP session and calls :func:`mirror`.

Graded by ``tests/lab05/test_ex3_sftp_mirror.py`` against the lab's SSH server: the
local tree equals the remote one; a second run transfers nothing (the server logs every
file it opens for reading); a changed or new remote file is transferred on the next
run, and only it; mirroring a sub-folder copies only that sub-folder.

Try it (with ``python ssh_server.py --host-key host_key`` running and its key pinned)::

    LAB_PASSWORD=secret python sftp_mirror.py --known-hosts known_hosts / mirror/
"""

from __future__ import annotations

import sys
from pathlib import Path

import paramiko

from labkit import cli

DEFAULT_PORT = 8022


def mirror(sftp: paramiko.SFTPClient, remote_dir: str, local_dir: str | Path) -> list[str]:
    """Copy what changed under ``remote_dir`` into ``local_dir``.

    Returns the paths transferred, relative to ``remote_dir`` with ``/`` separators,
    sorted (``["a.txt", "sub/b.bin"]``); ``[]`` when everything was up to date.
    """
    raise NotImplementedError("exercise 3: walk the remote folder, get what changed")


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
