"""Exercise 5 (reference solution): tidy the Inbox over IMAP.

See the starter, labs/04-email/exercises/imap_tidy.py, for the task.
"""

from __future__ import annotations

import imaplib
import ssl


def quoted(text: str) -> str:
    """An IMAP quoted string: "text" with backslashes and quotes escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def tidy(
    host: str,
    port: int,
    cafile: str | None,
    user: str,
    password: str,
    pattern: str,
    archive: str = "Archive",
    timeout: float = 5.0,
) -> int:
    """Move the Inbox messages whose Subject contains ``pattern`` to ``archive``, mark the
    others \\Seen; return how many were moved."""
    context = ssl.create_default_context(cafile=cafile)
    mailbox = imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=timeout)
    try:
        mailbox.login(user, password)
        mailbox.create(quoted(archive))  # answers NO when it exists already: fine
        mailbox.select("INBOX")
        typ, data = mailbox.uid("SEARCH", "SUBJECT", quoted(pattern))
        matching = data[0].split()
        if matching:
            uids = b",".join(matching).decode()
            mailbox.uid("COPY", uids, quoted(archive))
            mailbox.uid("STORE", uids, "+FLAGS.SILENT", r"(\Deleted)")
            mailbox.expunge()
        typ, data = mailbox.uid("SEARCH", "ALL")
        if data[0]:
            mailbox.uid("STORE", b",".join(data[0].split()).decode(), "+FLAGS.SILENT", r"(\Seen)")
        mailbox.close()
    finally:
        mailbox.logout()
    return len(matching)
