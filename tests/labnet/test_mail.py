"""mail: postfix (SMTP 25, submission 587 with STARTTLS + AUTH) and dovecot (POP3/IMAP)."""

import email
import imaplib
import poplib
import smtplib
import ssl
import time
import uuid
from email.message import EmailMessage

import pytest

from .labnet_cli import cli

pytestmark = pytest.mark.labnet


@pytest.fixture(scope="module")
def tls(lab):
    context = ssl.create_default_context(cafile=lab.ca_cert)
    return context


def _message(subject: str, to: str = "labuser@lab.test") -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "prof@lab.test", to, subject
    msg.set_content("sent by the lab network tests")
    return msg


def _wait_imap(mail, user, tls, subject: str) -> bytes:
    with imaplib.IMAP4_SSL(mail.address, mail.port("imaps"), ssl_context=tls, timeout=10) as c:
        c.login(*user)
        for _ in range(50):
            c.select("INBOX")
            _typ, data = c.search(None, "SUBJECT", f'"{subject}"')
            if data[0]:
                _typ, parts = c.fetch(data[0].split()[-1], "(RFC822)")
                return parts[0][1]
            time.sleep(0.1)
    raise AssertionError(f"{subject!r} never arrived over IMAP")


def test_submission_starttls_auth_then_imap_and_pop3(mail, user, tls):
    subject = f"lab test {uuid.uuid4().hex}"
    with smtplib.SMTP(mail.address, mail.port("submission"), timeout=10) as smtp:
        smtp.ehlo()
        assert not smtp.has_extn("auth")  # AUTH only after STARTTLS
        smtp.starttls(context=tls)
        smtp.ehlo()
        smtp.login(*user)
        smtp.send_message(_message(subject))
    raw = _wait_imap(mail, user, tls, subject)
    assert email.message_from_bytes(raw)["Subject"] == subject
    pop = poplib.POP3(mail.address, mail.port("pop3"), timeout=10)
    try:
        pop.stls(context=tls) if b"STLS" in b"".join(pop.capa().get("STLS", [])) else None
        pop.user(user[0])
        pop.pass_(user[1])
        count, _size = pop.stat()
        _resp, lines, _octets = pop.retr(count)
        assert f"Subject: {subject}".encode() in lines
    finally:
        pop.quit()


def test_smtp_port_25_delivers_locally_and_relays_nothing(mail, user, tls):
    subject = f"port 25 {uuid.uuid4().hex}"
    with smtplib.SMTP(mail.address, mail.port("smtp"), timeout=10) as smtp:
        smtp.starttls(context=tls)
        smtp.send_message(_message(subject))
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            smtp.send_message(_message("out", to="someone@example.com"))
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            smtp.send_message(_message("nobody", to="nobody@lab.test"))
    assert _wait_imap(mail, user, tls, subject)


def test_seed_mailbox_has_an_attachment(mail, tls):
    with imaplib.IMAP4(mail.address, mail.port("imap"), timeout=10) as c:
        c.login("alice", "alicepw")
        c.select("INBOX", readonly=True)
        assert c.search(None, "ALL")[1][0]
    with imaplib.IMAP4_SSL(mail.address, mail.port("imaps"), ssl_context=tls, timeout=10) as c:
        c.login("labuser", "labpass")
        c.select("INBOX", readonly=True)
        _typ, data = c.search(None, "SUBJECT", '"with an attachment"')
        _typ, parts = c.fetch(data[0].split()[0], "(RFC822)")
        msg = email.message_from_bytes(parts[0][1])
        names = [p.get_filename() for p in msg.walk() if p.get_filename()]
        assert names == ["report.txt"]


def test_wrong_passwords_fail_cleanly(mail, tls):
    with smtplib.SMTP(mail.address, mail.port("submission"), timeout=10) as smtp:
        smtp.starttls(context=tls)
        with pytest.raises(smtplib.SMTPAuthenticationError):
            smtp.login("labuser", "wrong")
    with imaplib.IMAP4(mail.address, mail.port("imap"), timeout=10) as c:
        with pytest.raises(imaplib.IMAP4.error):
            c.login("labuser", "wrong")
    pop = poplib.POP3_SSL(mail.address, mail.port("pop3s"), context=tls, timeout=10)
    try:
        pop.user("labuser")
        with pytest.raises(poplib.error_proto):
            pop.pass_("wrong")
    finally:
        pop.close()


def test_swaks_submission(mail, user, lab):
    subject = f"swaks {uuid.uuid4().hex}"
    out = cli("swaks", "--server", mail.address, "--port", str(mail.port("submission")),
              "--tls", "--tls-ca-path", lab.ca_cert, "--tls-verify",
              "--auth", "LOGIN", "--auth-user", user[0], "--auth-password", user[1],
              "--from", "prof@lab.test", "--to", "labuser@lab.test",
              "--header", f"Subject: {subject}", "--timeout", "10")  # fmt: skip
    assert "250" in out
