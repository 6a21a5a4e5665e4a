"""The lab's own FTP server: anonymous downloads from /pub, uploads by one user to /incoming.

The book downloads a tarball from ftp.kernel.org, an anonymous FTP mirror that closed in
2017. This script stands in for it with pyftpdlib, an FTP server written in Python. It
serves a copy of the ``ftp_root/`` folder next to this script:

- ``anonymous`` (any e-mail address as the password) may list and download, nothing else;
  the book's file is ``/pub/software/network/tftp/tftp-hpa-0.11.tar.gz``;
- user ``student`` (password from ``$LAB_PASSWORD``, else ``secret``: lab credentials only)
  may also upload, rename and delete, but only under ``/incoming``.

By default it serves a fresh temporary copy of ``ftp_root/`` and removes it when it stops,
so uploads never land in your checkout; ``--root DIR`` serves DIR itself (and adds an
``incoming/`` folder to it if it has none). Data connections
use passive mode (the client connects to a port the server names in its 227 reply);
``--passive-ports 60000-60009`` limits those ports, for a firewall. The server logs one
line per command on stderr.

Run it in its own terminal, stop it with Ctrl-C::

    python ftp_server.py                  # 127.0.0.1:8021
    python ftp_server.py --port 0         # any free port

The standard port, 21, needs root: that is why the lab uses 8021.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.log import config_logging
from pyftpdlib.servers import ThreadedFTPServer

from labkit import cli, server

DEFAULT_PORT = 8021
SEED = Path(__file__).resolve().with_name("ftp_root")
BANNER = "Lab 05 FTP server (pyftpdlib) ready."
DEFAULT_USER, DEFAULT_PASSWORD = "student", "secret"
READ_ONLY = "elr"  # e: change directory, l: list, r: download (RETR)
READ_WRITE = "elradfmwMT"  # plus a: append, d: delete, f: rename, m: mkdir, w: STOR...


def prepare_root(root: Path) -> Path:
    """Copy the seed tree (``ftp_root/``) into ``root`` and add an empty ``incoming/``."""
    shutil.copytree(SEED, root, dirs_exist_ok=True)
    (root / "incoming").mkdir(exist_ok=True)
    return root


def make_authorizer(root: Path, user: str, password: str) -> DummyAuthorizer:
    """Anonymous: read-only everywhere. ``user``: read-only, except read-write in /incoming."""
    (root / "incoming").mkdir(exist_ok=True)
    authorizer = DummyAuthorizer()
    authorizer.add_anonymous(str(root), perm=READ_ONLY)
    authorizer.add_user(user, password, str(root), perm=READ_ONLY)
    authorizer.override_perm(user, str(root / "incoming"), perm=READ_WRITE, recursive=True)
    return authorizer


def make_server(
    root: Path,
    host: str,
    port: int,
    user: str = DEFAULT_USER,
    password: str = DEFAULT_PASSWORD,
    passive_ports: list[int] | None = None,
) -> ThreadedFTPServer:
    """A listening (not yet serving) FTP server for ``root``; raises OSError if it cannot bind."""

    class LabFTPHandler(FTPHandler):
        pass

    LabFTPHandler.authorizer = make_authorizer(root, user, password)
    LabFTPHandler.banner = BANNER  # the text of the 220 greeting
    LabFTPHandler.passive_ports = passive_ports  # None: any free port
    return ThreadedFTPServer((host, port), LabFTPHandler)


def serve_until(ftp_server: ThreadedFTPServer, stop: threading.Event) -> None:
    """Serve until ``stop`` is set (or Ctrl-C), then close every connection."""
    try:
        while not stop.is_set():
            ftp_server.serve_forever(timeout=0.1, blocking=False, handle_exit=False)
    finally:
        ftp_server.close_all()


def port_range(text: str) -> list[int]:
    """argparse type: ``LOW-HIGH`` -> the list of ports LOW..HIGH."""
    low, sep, high = text.partition("-")
    try:
        ports = list(range(int(low), int(high) + 1)) if sep else []
    except ValueError:
        ports = []
    if not ports or not 1024 <= ports[0] <= ports[-1] <= 65535:
        raise argparse.ArgumentTypeError(f"expected LOW-HIGH between 1024 and 65535, not {text!r}")
    return ports


def parse_args(argv):
    parser = cli.ArgumentParser(description="A local FTP server for lab 05 (pyftpdlib).")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument(
        "--root", type=Path, help="serve this folder (default: a temporary copy of ftp_root/)"
    )
    parser.add_argument(
        "--user", default=DEFAULT_USER, help=f"the user who may upload (default: {DEFAULT_USER})"
    )
    cli.add_password_env(parser, unset=DEFAULT_PASSWORD)
    parser.add_argument(
        "--passive-ports", type=port_range, metavar="LOW-HIGH", help="ports for data connections"
    )
    args = parser.parse_args(argv)
    if args.root is not None and not args.root.is_dir():
        parser.error(f"--root {args.root}: no such folder")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    password = os.environ.get(args.password_env) or DEFAULT_PASSWORD
    with tempfile.TemporaryDirectory(prefix="ftproot-") as tmp:
        root = args.root.resolve() if args.root else prepare_root(Path(tmp) / "root")
        try:
            ftp_server = make_server(
                root, args.host, args.port, args.user, password, args.passive_ports
            )
        except OSError as exc:
            where = f"{args.host}:{args.port}"
            return cli.error(f"cannot listen on {where}: {cli.describe_error(exc)}")
        config_logging(level=logging.INFO)  # one line per command, on stderr
        server.stop_on_sigterm()
        try:
            print(f"Serving {root}: anonymous read-only, {args.user} writes /incoming")
            server.announce(ftp_server.address)
            serve_until(ftp_server, threading.Event())
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
