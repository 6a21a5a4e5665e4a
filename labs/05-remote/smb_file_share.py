"""List the shares of an SMB server, list one share, and fetch a file from it.

Follows "Accessing SMB/CIFS shared files" in chapter 5 of the book, which logs in to a
Windows machine's file sharing with pysmb, lists its shares, lists the files of one and
retrieves ``test.rtf``. Here the server is the lab's own Samba (``python smb_server.py``
in another terminal, port 8445; Windows and Samba use 445).

SMB (the protocol behind Windows file sharing; CIFS is an old dialect of it) works like
this: negotiate a dialect, log in (a *session setup*, here with NTLMv2: the server sends
a challenge, the client answers with a hash of it and the password, so the password
itself never crosses the network), *connect to a tree* (a share such as ``Share``, or
the ``IPC$`` share through which remote procedure calls such as "list the shares" go),
then open, read, write and close files in it. pysmb speaks SMB2 over plain TCP
(``is_direct_tcp=True``), without the old NetBIOS session layer on port 139.

Run it::

    LAB_PASSWORD=secret python smb_file_share.py                # lists, fetches test.rtf
    python smb_file_share.py --share Share --path /test.rtf --dest /tmp

Differences from the book: it was Python 2 (``print`` statements); it called a
misspelled ``smb_connectionect(...)``; it listed the files of whatever share came last
in the loop over all shares instead of the one it wanted; and it fetched the file into
a temporary file that it never read. Here the share is chosen (``--share``), the file
is saved under its own name (``--dest``, default the current folder), the password
comes from the environment or a prompt, and every failure is one line.
"""

from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath

from smb.base import NotReadyError, SMBTimeout
from smb.smb_structs import OperationFailure
from smb.SMBConnection import SMBConnection

from labkit import cli

DEFAULT_PORT = 8445
CLIENT_NAME = "LABCLIENT"  # our NetBIOS name: any name will do over direct TCP
SERVER_NAME = "LABSMB"  # the server's NetBIOS name; not checked over direct TCP
DOMAIN = "WORKGROUP"
SERVER_HINT = "is the SMB server running? start it with: python smb_server.py"

# The NT status codes a lab user meets, from the last reply of a failed operation.
NT_STATUS = {
    0xC0000022: "access denied",
    0xC0000033: "bad file name",
    0xC0000034: "no such file",
    0xC000003A: "no such folder",
    0xC00000BA: "is a folder",
    0xC00000CC: "no such share",
}


class SmbError(Exception):
    """Login or a file operation failed: the message is one line for the user."""


def connect(host: str, port: int, user: str, password: str, timeout: float = 5) -> SMBConnection:
    """Log in with NTLMv2 over direct TCP; raises SmbError when the login is refused."""
    connection = SMBConnection(
        user, password, CLIENT_NAME, SERVER_NAME, domain=DOMAIN,
        use_ntlm_v2=True, is_direct_tcp=True,
    )  # fmt: skip
    try:
        logged_in = connection.connect(host, port, timeout=timeout)
    except NotReadyError:  # some servers make pysmb raise instead of returning False
        logged_in = False
    if not logged_in:
        connection.close()
        raise SmbError(f"login failed for {user} (wrong user name or password)")
    return connection


def why(exc: OperationFailure) -> str:
    """The NT status of the server's last reply, in words, or pysmb's message."""
    status = exc.smb_messages[-1].status if exc.smb_messages else None
    return NT_STATUS.get(status) or exc.message


def share_names(connection: SMBConnection, timeout: float = 5) -> list[str]:
    """The names of the server's shares (``IPC$`` included: it is a share too)."""
    return [share.name for share in connection.listShares(timeout=timeout)]


def list_folder(
    connection: SMBConnection, share: str, folder: str = "/", timeout: float = 5
) -> list[tuple[str, int, bool]]:
    """``(name, size, is_folder)`` for each entry of ``folder`` in ``share``, by name."""
    try:
        entries = connection.listPath(share, folder, timeout=timeout)
    except OperationFailure as exc:
        raise SmbError(f"cannot list {share}:{folder}: {why(exc)}") from None
    return sorted(
        (entry.filename, entry.file_size, entry.isDirectory)
        for entry in entries
        if entry.filename not in (".", "..")
    )


def fetch(
    connection: SMBConnection, share: str, path: str, dest: Path, timeout: float = 5
) -> tuple[Path, int]:
    """Save ``share:path`` as ``dest/<its name>``; return the local path and byte count.

    The bytes go straight into the local file; a failed transfer leaves no file behind.
    """
    local = dest / PurePosixPath(path).name
    try:
        with open(local, "wb") as out:
            attributes, size = connection.retrieveFile(share, path, out, timeout=timeout)
    except OperationFailure as exc:
        local.unlink(missing_ok=True)
        raise SmbError(f"cannot fetch {share}:{path}: {why(exc)}") from None
    except BaseException:
        local.unlink(missing_ok=True)
        raise
    return local, size


def parse_args(argv):
    parser = cli.ArgumentParser(
        description="Log in to an SMB server (NTLMv2, direct TCP), list its shares and "
        "the files of one share, and download one file. The password comes from "
        "--password-env, or is asked for (or read from standard input)."
    )
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument("--user", default="student", help="SMB user (default: student)")
    cli.add_password_env(parser)
    parser.add_argument("--share", default="Share", help="share to list (default: Share)")
    parser.add_argument("--path", default="/test.rtf", help="file to download (default: /test.rtf)")
    parser.add_argument(
        "--dest", type=Path, default=Path("."), help="folder to save it in (default: .)"
    )
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    if not args.dest.is_dir():
        parser.error(f"--dest {args.dest}: no such folder")
    if not PurePosixPath(args.path).name:
        parser.error(f"--path {args.path!r}: not a file name")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        password = cli.read_password(f"Password for {args.user}: ", args.password_env)
    except (EOFError, KeyboardInterrupt):
        password = ""
    if not password:
        return cli.error(f"no password given (set {args.password_env} or type it when asked)")
    try:
        connection = connect(args.host, args.port, args.user, password, args.timeout)
        try:
            lines = [f"Shares on {args.host}:{args.port}:"]
            lines += [f"  {name}" for name in share_names(connection, args.timeout)]
            lines.append(f"Files in {args.share}:/")
            for name, size, is_folder in list_folder(connection, args.share, "/", args.timeout):
                lines.append(f"  {name}/" if is_folder else f"  {name}  ({size} bytes)")
            local, size = fetch(connection, args.share, args.path, args.dest, args.timeout)
            lines.append(f"Saved {args.share}:{args.path} as {local} ({size} bytes)")
        finally:
            connection.close()
    except SmbError as exc:
        return cli.error(str(exc))
    except SMBTimeout:
        return cli.error(f"cannot talk SMB with {args.host}:{args.port}: timed out")
    except OperationFailure as exc:  # listShares: pysmb's message is its first line
        return cli.error(f"{args.host}:{args.port}: {exc.message}")
    except OSError as exc:
        if exc.filename:  # the local file could not be written
            return cli.error(f"{exc.filename}: {cli.describe_error(exc)}")
        reason = cli.with_hint(cli.describe_error(exc), SERVER_HINT)
        return cli.error(f"cannot connect to {args.host}:{args.port}: {reason}")
    return cli.print_output("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
