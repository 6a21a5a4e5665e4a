"""Exercise 4: keep a local folder and an FTP folder in step, with MLSD.

``ftp_download.py`` fetched one file whose name you knew. To copy a whole folder you
need the list of its files and their sizes, in a form a program can read. ``LIST`` (what
``dir()`` prints) is meant for people: its columns differ from one server to the next.
``MLSD`` (RFC 3659) is meant for programs: ``ftp.mlsd(path, facts=["type", "size"])``
yields ``(name, facts)`` pairs, ``facts`` a dict such as ``{"type": "file", "size": "292"}``
(``type`` is ``file``, ``dir``, ``cdir`` for ``.`` or ``pdir`` for ``..``).

Write the four functions below:

- :func:`remote_files`: the regular files of a remote folder (no folders) with their sizes;
- :func:`download_dir`: copy to ``local_dir`` each remote file that is missing there or
  whose size differs (``retrbinary``); return the names copied, sorted. Run twice, it
  copies nothing the second time;
- :func:`upload_dir`: the other way (``storbinary``), for each regular file of
  ``local_dir``; return the names sent, sorted;
- when the server refuses an upload for lack of rights (a reply starting with ``550`` or
  ``553``, which ftplib raises as ``ftplib.error_perm``), raise :class:`FTPPermissionError`
  instead, with the server's reply as its message (``raise ... from exc`` keeps the cause).

Try it against the lab's server (``python ../ftp_server.py``): anonymous may download
``/pub/software/network/tftp``; ``student``/``secret`` may upload to ``/incoming``.

Graded (``pytest tests/lab05/test_ex4_ftp_sync.py``) against that server in a thread: the
sizes ``remote_files`` reports, the SHA-256 of downloaded and uploaded files, a second run
that transfers nothing, a changed file sent again, and an anonymous upload that raises
``FTPPermissionError``.

Bonus, not graded: FTPS (``ftplib.FTP_TLS`` and ``prot_p()``) encrypts the password and
the data; pyftpdlib serves it with ``TLS_FTPHandler`` (needs pyOpenSSL).
"""

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
    raise NotImplementedError("exercise 4: list remote_dir with ftp.mlsd()")


def download_dir(ftp: ftplib.FTP, remote_dir: str, local_dir: Path) -> list[str]:
    """Copy new or changed (by size) remote files into ``local_dir``; the names, sorted."""
    raise NotImplementedError("exercise 4: RETR what local_dir lacks")


def upload_dir(ftp: ftplib.FTP, local_dir: Path, remote_dir: str) -> list[str]:
    """Send new or changed (by size) local files to ``remote_dir``; the names, sorted.

    Raises FTPPermissionError when the server refuses a file (550 or 553).
    """
    raise NotImplementedError("exercise 4: STOR what remote_dir lacks")
