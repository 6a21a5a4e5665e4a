"""Exercise 4, reference solution: sync a folder over FTP with MLSD."""

from __future__ import annotations

import ftplib
from pathlib import Path


class FTPPermissionError(Exception):
    """The FTP server refused an operation for lack of rights (550/553)."""


def connect(
    host: str,
    port: int,
    user: str = "anonymous",
    password: str = "nobody@nourl.com",
    timeout: float = 5.0,
) -> ftplib.FTP:
    """A logged-in FTP session (given: ``FTP()``, then ``connect`` and ``login``)."""
    ftp = ftplib.FTP(timeout=timeout)
    ftp.connect(host, port)
    ftp.login(user, password)
    return ftp


def remote_files(ftp: ftplib.FTP, remote_dir: str) -> dict[str, int]:
    """``{name: size}`` for the regular files of ``remote_dir`` (MLSD; folders left out)."""
    return {
        name: int(facts["size"])
        for name, facts in ftp.mlsd(remote_dir, facts=["type", "size"])
        if facts.get("type") == "file"
    }


def download_dir(ftp: ftplib.FTP, remote_dir: str, local_dir: Path) -> list[str]:
    """Copy new or changed (by size) remote files into ``local_dir``; the names, sorted."""
    local_dir = Path(local_dir)
    local_dir.mkdir(parents=True, exist_ok=True)
    copied = []
    for name, size in sorted(remote_files(ftp, remote_dir).items()):
        target = local_dir / name
        if target.is_file() and target.stat().st_size == size:
            continue
        with target.open("wb") as local_file:
            ftp.retrbinary(f"RETR {remote_dir.rstrip('/')}/{name}", local_file.write)
        copied.append(name)
    return copied


def upload_dir(ftp: ftplib.FTP, local_dir: Path, remote_dir: str) -> list[str]:
    """Send new or changed (by size) local files to ``remote_dir``; the names, sorted.

    Raises FTPPermissionError when the server refuses a file (550 or 553).
    """
    remote = remote_files(ftp, remote_dir)
    sent = []
    for path in sorted(Path(local_dir).iterdir()):
        if not path.is_file() or remote.get(path.name) == path.stat().st_size:
            continue
        try:
            with path.open("rb") as local_file:
                ftp.storbinary(f"STOR {remote_dir.rstrip('/')}/{path.name}", local_file)
        except ftplib.error_perm as exc:
            if str(exc)[:3] in ("550", "553"):
                raise FTPPermissionError(str(exc)) from exc
            raise
        sent.append(path.name)
    return sent
