"""Exercise 7: save every attachment found in an IMAP folder.

The book attaches a GIF with ``MIMEImage``; here you go the other way: find the
attachments in the messages on the server and save them as files.

Write :func:`extract`:

- connect with ``imaplib.IMAP4_SSL`` (``ssl_context=ssl.create_default_context(cafile=...)``,
  ``timeout=timeout``), ``login``, and ``select(folder, readonly=True)``;
- for each message (``search(None, "ALL")``), fetch it whole with ``BODY.PEEK[]`` (PEEK:
  reading must not mark it ``\\Seen``) and parse it with
  ``email.message_from_bytes(data, policy=email.policy.default)``;
- for each part of ``message.iter_attachments()`` that has a file name
  (``get_filename()``), save its decoded bytes (``get_payload(decode=True)``) in
  ``directory`` (create it if needed);
- never trust the name a sender chose: keep only its last part (``"../../evil.txt"``
  becomes ``evil.txt``, inside ``directory``). Never overwrite: when the name is taken
  already, use ``stem-2.suffix``, then ``stem-3.suffix`` and so on (``logo-2.gif``);
- return the paths of the saved files, in message order, then attachment order.

Graded (``pytest tests/lab04/test_ex7_attachments.py``) on dovecot: file names and the
SHA-256 of their bytes, a hostile file name, a repeated name, and the \\Seen flags.
"""

from __future__ import annotations

from pathlib import Path


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
    raise NotImplementedError("exercise 7: save the attachments")
