"""Exercise 6 (reference solution): search and fetch with imapclient.

See the starter, labs/04-email/exercises/imapclient_fetch.py, for the task.
"""

from __future__ import annotations

import email
import email.policy
import ssl

from imapclient import IMAPClient


def connect(
    host: str, port: int, cafile: str | None, user: str, password: str, timeout: float = 5.0
) -> IMAPClient:
    """A logged-in IMAPClient over TLS, the certificate checked against ``cafile``."""
    context = ssl.create_default_context(cafile=cafile)
    client = IMAPClient(host, port=port, ssl=True, ssl_context=context, timeout=timeout)
    client.login(user, password)
    return client


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
    client = connect(host, port, cafile, user, password, timeout)
    try:
        client.select_folder("INBOX", readonly=True)
        uids = client.search(["SUBJECT", text])
        if not uids:
            return {}
        fetched = client.fetch(uids, ["BODY.PEEK[HEADER.FIELDS (SUBJECT)]"])
        subjects = {}
        for uid, data in fetched.items():
            header = data[b"BODY[HEADER.FIELDS (SUBJECT)]"]
            parsed = email.message_from_bytes(header, policy=email.policy.default)
            subjects[uid] = str(parsed["Subject"])
        return dict(sorted(subjects.items()))
    finally:
        client.logout()
