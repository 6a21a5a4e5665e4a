"""The round trip: SMTP into the store's Maildir (aiosmtpd's Mailbox handler), then IMAP.

No mail transfer agent is needed: aiosmtpd writes each message it accepts as a new file
in the Maildir, which is all an MTA's local delivery does, and dovecot serves that same
Maildir over IMAP and POP3.
"""

from __future__ import annotations

import smtplib
import uuid

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox

from labkit import server
from labkit.testing import wait_until

from .fixtures_mailstore import make_message


@pytest.fixture
def smtp_into_store(mailstore):
    """An SMTP server on 127.0.0.1 that delivers into the store's Maildir."""
    controller = Controller(
        Mailbox(mailstore.maildir), hostname="127.0.0.1", port=server.free_ports(1)[0]
    )
    controller.start()
    yield controller
    controller.stop()


def search_subject(mailstore, subject: str) -> list[bytes]:
    client = mailstore.imap()
    try:
        client.select("INBOX", readonly=True)
        typ, data = client.search(None, "SUBJECT", f'"{subject}"')
        assert typ == "OK"
        return data[0].split()
    finally:
        client.logout()


def test_a_message_sent_by_smtp_is_found_over_imap(mailstore, smtp_into_store):
    subject = f"Round trip {uuid.uuid4().hex[:8]}"
    message = make_message(subject, body="Sent by SMTP, read by IMAP.\n")
    with smtplib.SMTP(smtp_into_store.hostname, smtp_into_store.port, timeout=5) as smtp:
        refused = smtp.send_message(message)
    assert refused == {}
    found = wait_until(lambda: search_subject(mailstore, subject), timeout=10, interval=0.1)
    assert found == [b"4"], "after the three seed messages"
    assert mailstore.subjects()[-1] == subject


def test_several_messages_arrive_in_order(mailstore, smtp_into_store):
    subjects = [f"Batch {n} {uuid.uuid4().hex[:6]}" for n in range(3)]
    with smtplib.SMTP(smtp_into_store.hostname, smtp_into_store.port, timeout=5) as smtp:
        for subject in subjects:
            smtp.send_message(make_message(subject))
    wait_until(lambda: len(mailstore.subjects()) == 6, timeout=10, interval=0.1)
    assert mailstore.subjects() == ["Msg 1", "Msg 2", "Msg 3", *subjects]
    assert search_subject(mailstore, "Batch") == [b"4", b"5", b"6"]
