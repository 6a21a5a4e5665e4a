"""Exercise 4: download every message of a POP3 mailbox to files, optionally deleting.

``fetch_email_pop3.py`` printed only the last message. POP3 is meant for downloading
everything and (usually) deleting it from the server, which is what this function does.

Write :func:`download_all`:

- connect with ``poplib.POP3_SSL(host, port, context=..., timeout=timeout)``, the
  context from ``ssl.create_default_context(cafile=cafile)`` (so a server whose
  certificate the CA did not sign is refused), then ``user`` and ``pass_``;
- for each message N (1, 2, ... as ``stat()`` or ``list()`` counts them), ``retr(N)``
  and save it as ``directory/N.eml``: its lines joined with ``b"\\r\\n"``, plus a final
  ``b"\\r\\n"`` (create ``directory`` if it does not exist);
- when ``delete`` is true, ``dele(N)`` each message. The server only removes them when
  the session ends with ``quit()``; without ``quit()`` (a dropped connection, or
  ``rset()``) nothing is deleted;
- always end with ``quit()``, and return the paths of the saved files in order.

Graded (``pytest tests/lab04/test_ex4_pop3_download.py``) against the lab's dovecot with
its three seed messages: the file names, the files' bytes against the messages in the
server's Maildir, the mailbox afterwards (3 messages kept, or ``stat()[0] == 0`` after
``delete=True``), an empty mailbox, and a refused certificate.
"""

from __future__ import annotations

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
    raise NotImplementedError("exercise 4: download every message with poplib")
