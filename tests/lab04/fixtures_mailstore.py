"""POP3/IMAP fixtures for lab 04 (a private dovecot on 127.0.0.1). Names exported in __all__.

``mailstore`` is a fresh dovecot per test (it starts in well under a second): user
``student``/``secret``, the three seed messages, every port free-picked. It runs the
lab's own ``mail_store.MailStore``, so tests and the walkthrough share one implementation.
Without dovecot the test is skipped with the fix, or fails under ``LABNET_REQUIRED=1``.
"""

from __future__ import annotations

import email
import email.policy
import functools
import imaplib
import re
import shutil
import ssl
import tempfile
from email.message import EmailMessage

import pytest
import trustme

from labkit.grading import REQUIRED_ENV, prerequisite_required

__all__ = ["mailstore"]


@functools.cache
def _mail_ca() -> trustme.CA:
    """One CA for the whole session; each store issues its own server certificate."""
    return trustme.CA()


def require_dovecot() -> None:
    """Skip (or fail, under LABNET_REQUIRED=1) when dovecot is not installed."""
    import mail_store

    if mail_store.find_dovecot() is None:
        if prerequisite_required():
            pytest.fail(f"{mail_store.INSTALL_HINT} ({REQUIRED_ENV}=1)", pytrace=False)
        pytest.skip(mail_store.INSTALL_HINT)


class RunningStore:
    """What a test needs to talk to the store (a thin view of ``mail_store.MailStore``)."""

    def __init__(self, store):
        self.store = store
        self.host = store.host
        self.ports = store.ports
        self.pop3_port, self.pop3s_port = store.ports["pop3"], store.ports["pop3s"]
        self.imap_port, self.imaps_port = store.ports["imap"], store.ports["imaps"]
        self.cafile = str(store.cafile)
        self.user, self.password = store.user, store.password
        self.maildir = store.maildir

    def add(self, message: EmailMessage | bytes) -> str:
        """Deliver one more message (it is the last one, by number, after the seed)."""
        return self.store.add(message)

    def seed(self, messages=None) -> None:
        """Replace all mail with ``messages`` (default: the three seed messages)."""
        self.store.seed(messages)

    def seed_bytes(self) -> list[bytes]:
        """The messages in the Maildir, oldest first, as bytes with LF line ends."""
        box = self.store.open_maildir()
        keys = sorted(box.keys(), key=_delivery_order)
        return [box.get_bytes(key) for key in keys]

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.cafile)

    def imap(self) -> imaplib.IMAP4_SSL:
        """A logged-in IMAPS connection (the caller logs out)."""
        client = imaplib.IMAP4_SSL(
            self.host, self.imaps_port, ssl_context=self.ssl_context(), timeout=5
        )
        client.login(self.user, self.password)
        return client

    def flags(self, folder: str = "INBOX") -> dict[int, set[bytes]]:
        """Message number -> its flags, read without changing anything."""
        client = self.imap()
        try:
            _, [count] = client.select(folder, readonly=True)
            data = client.fetch("1:*", "(FLAGS)")[1] if int(count) else []
        finally:
            client.logout()
        result = {}
        for line in data:
            if not line:
                continue
            number, _, rest = line.partition(b" ")
            inner = rest.split(b"FLAGS (", 1)[1].split(b")", 1)[0]
            result[int(number)] = set(inner.split())
        return result

    def subjects(self, folder: str = "INBOX") -> list[str]:
        """The Subject of each message of ``folder`` in order (no flags are changed)."""
        client = self.imap()
        try:
            typ, [count] = client.select(folder, readonly=True)
            assert typ == "OK", f"no folder {folder}"
            what = "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])"
            data = client.fetch("1:*", what)[1] if int(count) else []
        finally:
            client.logout()
        subjects = []
        for item in data:
            if isinstance(item, tuple):
                header = email.message_from_bytes(item[1], policy=email.policy.default)
                subjects.append(str(header["Subject"]))
        return subjects


def _delivery_order(key: str) -> tuple[int, ...]:
    """Sort key of a Maildir file name made by ``mailbox``: ``SECONDS.M<usec>P<pid>Q<n>.host``."""
    seconds, unique = key.split(".")[:2]
    return (int(seconds), *(int(n) for n in re.findall(r"[MQ](\d+)", unique)))


def make_message(subject: str, body: str = "Hello.\n", sender: str = "prof@lab.test"):
    """A small text message to ``student@lab.test``."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "student@lab.test"
    message["Subject"] = subject
    message.set_content(body)
    return message


@pytest.fixture
def mailstore():
    """A fresh, seeded dovecot for this test; stopped and removed afterwards."""
    require_dovecot()
    import mail_store

    directory = tempfile.mkdtemp(prefix="mailstore-")
    store = mail_store.MailStore(directory, ca=_mail_ca())
    try:
        store.seed()
        store.start()
        yield RunningStore(store)
    finally:
        store.stop(grace=0.2)  # the directory goes too: no need for a clean shutdown
        shutil.rmtree(directory, ignore_errors=True)
