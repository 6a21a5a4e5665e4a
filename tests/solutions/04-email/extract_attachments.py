"""Exercise 7 (reference solution): save every attachment found in an IMAP folder.

See the starter, labs/04-email/exercises/extract_attachments.py, for the task.
"""

from __future__ import annotations

import email
import email.policy
import imaplib
import ssl
from pathlib import Path, PurePosixPath, PureWindowsPath


def safe_name(filename: str) -> str:
    """The last part of ``filename`` ("../../x.txt" -> "x.txt"), whatever the slashes."""
    name = PurePosixPath(PureWindowsPath(filename).name).name
    return name if name not in ("", ".", "..") else "attachment"


def free_path(directory: Path, name: str) -> Path:
    """``directory/name``, or ``stem-2.suffix``, ``stem-3.suffix``... if that is taken."""
    path = directory / name
    number = 2
    while path.exists():
        path = directory / f"{Path(name).stem}-{number}{Path(name).suffix}"
        number += 1
    return path


def extract(
    host: str,
    port: int,
    cafile: str | None,
    user: str,
    password: str,
    directory: str | Path,
    folder: str = "INBOX",
    timeout: float = 5.0,
) -> list[Path]:
    """Save the attachments of every message of ``folder``; return the paths in order."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    context = ssl.create_default_context(cafile=cafile)
    mailbox = imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=timeout)
    saved = []
    try:
        mailbox.login(user, password)
        mailbox.select(folder, readonly=True)
        typ, data = mailbox.search(None, "ALL")
        for number in data[0].split():
            typ, data = mailbox.fetch(number, "(BODY.PEEK[])")
            message = email.message_from_bytes(data[0][1], policy=email.policy.default)
            for part in message.iter_attachments():
                filename = part.get_filename()
                if not filename:
                    continue
                path = free_path(directory, safe_name(filename))
                path.write_bytes(part.get_payload(decode=True))  # the bytes, base64 undone
                saved.append(path)
        mailbox.close()
    finally:
        mailbox.logout()
    return saved
