"""Exercise 4 (reference solution): download every message over POP3, optionally deleting.

See the starter, labs/04-email/exercises/pop3_download.py, for the task.
"""

from __future__ import annotations

import poplib
import ssl
from pathlib import Path


def download_all(
    host: str,
    port: int,
    cafile: str | None,
    user: str,
    password: str,
    directory: str | Path,
    delete: bool = False,
    timeout: float = 5.0,
) -> list[Path]:
    """Save message N of the mailbox as ``directory/N.eml``; return the paths in order."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    context = ssl.create_default_context(cafile=cafile)
    mailbox = poplib.POP3_SSL(host, port, context=context, timeout=timeout)
    try:
        mailbox.user(user)
        mailbox.pass_(password)
        count, size = mailbox.stat()
        paths = []
        for number in range(1, count + 1):
            response, lines, octets = mailbox.retr(number)
            path = directory / f"{number}.eml"
            path.write_bytes(b"\r\n".join(lines) + b"\r\n")
            paths.append(path)
            if delete:
                mailbox.dele(number)  # marked now, removed when QUIT ends the session
    finally:
        mailbox.quit()
    return paths
