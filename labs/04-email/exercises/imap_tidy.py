"""Exercise 5: tidy an Inbox on the server with IMAP (folders, flags, expunge).

The chapter promises to manipulate mail on the server with IMAP and never does. POP3 can
only download and delete; IMAP keeps folders and per-message flags on the server, so a
client can file messages away and mark them read, and every other client sees the change.

Write :func:`tidy`:

- connect with ``imaplib.IMAP4_SSL(host, port, ssl_context=..., timeout=timeout)``, the
  context from ``ssl.create_default_context(cafile=cafile)``, and ``login``;
- create the folder ``archive`` if it does not exist yet (``create`` answers ``NO`` when
  it does: that is fine, a second run must work too);
- ``select("INBOX")`` and find the messages whose Subject contains ``pattern``
  (``search(None, "SUBJECT", '"text"')``; IMAP compares without regard to case);
- move them to ``archive``: ``copy`` them, set ``\\Deleted`` on them with ``store``, then
  ``expunge`` (or use the MOVE command, which dovecot has). Their flags travel with them:
  do not mark them read;
- mark every message left in the Inbox ``\\Seen``;
- ``close`` and ``logout``; return how many messages were moved.

Careful: message numbers change when messages are expunged (UIDs do not: see
``uid("SEARCH", ...)``), so do the marking after the expunge, with a fresh search.

Graded (``pytest tests/lab04/test_ex5_imap_tidy.py``) on dovecot by the subjects in each
folder, the flags of the messages, the return value, and a second run.
"""

from __future__ import annotations


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
    raise NotImplementedError("exercise 5: file messages away with imaplib")
