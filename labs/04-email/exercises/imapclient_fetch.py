"""Exercise 6: the IMAP client again, with imapclient instead of imaplib.

``imaplib`` hands you the protocol's raw answers (``[b'1 2 3']``, tuples of bytes) to
pick apart yourself. The third-party ``imapclient`` package speaks the same protocol but
answers with Python values: ``search`` returns a list of ints, ``fetch`` a dict keyed by
message id. By default those ids are UIDs, which stay the same across sessions.

Write two functions:

- :func:`connect`: ``IMAPClient(host, port=port, ssl=True, ssl_context=..., timeout=...)``
  with ``ssl.create_default_context(cafile=cafile)``, then ``login``; return the client;
- :func:`find`: with a client from :func:`connect`, select the Inbox read-only
  (``select_folder("INBOX", readonly=True)``), ``search(["SUBJECT", text])``, fetch the
  Subject of each message found and return ``{uid: subject}``, the subjects decoded to
  ``str`` (a Subject such as ``=?utf-8?q?Gr=C3=BC=C3=9Fe?=`` becomes ``"Grüße"``:
  ``email.message_from_bytes(..., policy=email.policy.default)["Subject"]`` decodes it).
  Nothing may become ``\\Seen`` (fetch ``BODY.PEEK[HEADER.FIELDS (SUBJECT)]`` or
  ``ENVELOPE``), and the client logs out at the end. No match: ``{}``.

Graded (``pytest tests/lab04/test_ex6_imapclient.py``) on dovecot with the seed messages
("Msg 1", "Msg 2", "Msg 3" have UIDs 1, 2, 3) plus a few more.
"""

from __future__ import annotations

from imapclient import IMAPClient


def connect(
    host: str, port: int, cafile: str | None, user: str, password: str, timeout: float = 5.0
) -> IMAPClient:
    """A logged-in IMAPClient over TLS, the certificate checked against ``cafile``."""
    raise NotImplementedError("exercise 6: connect with imapclient")


def find(
    host: str,
    port: int,
    cafile: str | None,
    user: str,
    password: str,
    text: str,
    timeout: float = 5.0,
) -> dict[int, str]:
    """The Inbox messages whose Subject contains ``text``: {UID: decoded Subject}."""
    raise NotImplementedError("exercise 6: search and fetch with imapclient")
