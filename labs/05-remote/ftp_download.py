"""Log in to an FTP server anonymously, list a folder and download one file (ftplib).

Follows "FTP with ftplib" in chapter 5 of the book, which fetched
``/pub/software/network/tftp/tftp-hpa-0.11.tar.gz`` from ftp.kernel.org. The lab's own
server has the same file at the same path: start it first with ``python ftp_server.py``.

An anonymous login is the user ``anonymous`` with an e-mail address as the password (the
book's ``nobody@nourl.com``). Both travel in clear text, like everything else on an FTP
control connection: see the README's "Inspect it" section, and prefer SFTP for real logins.

Run it::

    python ftp_download.py                          # anonymous, the book's folder and file
    python ftp_download.py --dir /pub --file README.txt --dest /tmp
    LAB_PASSWORD=secret python ftp_download.py --user student --dir /incoming --file x.txt

Differences from the book: ``ftplib.FTP(host, user, password)`` has no port argument, so
the script calls ``connect(host, port)`` and ``login()`` itself; ``dir()`` prints the
listing and returns None (the book printed that None), so the lines are collected with a
callback; the download goes to a ``.part`` file first, so a failed transfer leaves nothing
behind; every wait has a timeout and failures are one line on stderr.
"""

from __future__ import annotations

import argparse
import ftplib
import sys
from pathlib import Path, PurePosixPath

from labkit import cli

DEFAULT_PORT = 8021
DEFAULT_DIR = "/pub/software/network/tftp"
DEFAULT_FILE = "tftp-hpa-0.11.tar.gz"
ANONYMOUS, ANONYMOUS_EMAIL = "anonymous", "nobody@nourl.com"
SERVER_HINT = "is the server running? start it with: python ftp_server.py"
# What ftplib raises for a reply it does not like: 4xx, 5xx, or one it cannot parse.
FTP_ERRORS = (ftplib.error_reply, ftplib.error_temp, ftplib.error_perm, ftplib.error_proto)


def connect(host: str, port: int, user: str, password: str, timeout: float) -> ftplib.FTP:
    """An FTP session, logged in. The timeout covers every later wait too."""
    ftp = ftplib.FTP(timeout=timeout)  # FTP(host) would connect at once, always to port 21
    try:
        ftp.connect(host, port)
        ftp.login(user, password)
    except BaseException:
        ftp.close()
        raise
    return ftp


def listing(ftp: ftplib.FTP) -> list[str]:
    """The ``LIST`` lines of the current folder (``dir()`` only prints them)."""
    lines: list[str] = []
    ftp.dir(lines.append)
    return lines


def download(ftp: ftplib.FTP, name: str, dest: Path) -> Path:
    """``RETR name`` in binary mode into ``dest/<basename>``; returns the local path."""
    target = dest / PurePosixPath(name).name
    partial = target.with_name(target.name + ".part")
    try:
        with partial.open("wb") as local_file:
            ftp.retrbinary(f"RETR {name}", local_file.write)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return partial.replace(target)


def existing_dir(text: str) -> Path:
    """argparse type: a local folder that exists."""
    if not Path(text).is_dir():
        raise argparse.ArgumentTypeError(f"{text}: no such folder")
    return Path(text)


def parse_args(argv):
    parser = cli.ArgumentParser(description="Anonymous FTP: list a folder, download a file.")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument(
        "--dir", default=DEFAULT_DIR, help=f"remote folder (default: {DEFAULT_DIR})"
    )
    parser.add_argument(
        "--file", default=DEFAULT_FILE, help=f"file to get (default: {DEFAULT_FILE})"
    )
    parser.add_argument(
        "--dest", type=existing_dir, default=Path("."), help="local folder (default: here)"
    )
    parser.add_argument("--user", default=ANONYMOUS, help="login name (default: anonymous)")
    parser.add_argument(
        "--email", default=ANONYMOUS_EMAIL, help=f"anonymous password (default: {ANONYMOUS_EMAIL})"
    )
    cli.add_password_env(parser, unset="asked for (anonymous needs none)")
    cli.add_timeout(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.user == ANONYMOUS:
        password = args.email
    else:
        password = cli.read_password(f"Password for {args.user}: ", args.password_env)
    where = f"{args.host}:{args.port}"
    try:
        ftp = connect(args.host, args.port, args.user, password, args.timeout)
    except FTP_ERRORS as exc:
        return cli.error(f"login as {args.user} failed: {exc}")
    except (OSError, EOFError) as exc:
        reason = cli.describe_error(exc) if isinstance(exc, OSError) else "connection closed"
        return cli.error(f"cannot connect to {where}: {cli.with_hint(reason, SERVER_HINT)}")
    with ftp:
        try:
            print(f"Welcome: {ftp.getwelcome()}")
            ftp.cwd(args.dir)
            print(f"File list at {args.dir}:")
            for line in listing(ftp):
                print(line)
            path = download(ftp, args.file, args.dest)
        except FTP_ERRORS as exc:
            return cli.error(f"{args.dir}/{args.file}: {exc}")
        except EOFError:
            return cli.error(f"{where} closed the connection")
        except OSError as exc:
            return cli.error(f"FTP transfer failed: {cli.describe_error(exc)}")
        print(f"Downloaded {args.file} ({path.stat().st_size} bytes) to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
