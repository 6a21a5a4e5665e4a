"""Exercise 3: send() over plain SMTP, or STARTTLS + login, always verifying the server."""

import smtplib
import ssl
import time
from email.message import EmailMessage

import pytest

from .fixtures_smtp import PASSWORD, USER

CREDS = (USER, PASSWORD)


def message(subject="Exercise 3"):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "student@lab.test", "bob@lab.test", subject
    msg.set_content("Sent by send()\n")
    return msg


def load_send(exercise):
    return exercise.load("send.py").send


@pytest.mark.points(1)
def test_plain_delivery(exercise, smtp_server):
    send = load_send(exercise)
    assert send(message(), "127.0.0.1", smtp_server.port) == {}
    [mail] = smtp_server.wait_for(1)
    assert (mail.mail_from, mail.rcpt_tos) == ("student@lab.test", ["bob@lab.test"])
    assert mail.message["Subject"] == "Exercise 3"


@pytest.mark.points(2)
def test_starttls_and_login(exercise, submission_server, smtp_cafile):
    send = load_send(exercise)
    result = send(
        message(),
        "127.0.0.1",
        submission_server.port,
        starttls=True,
        cafile=str(smtp_cafile),
        creds=CREDS,
    )
    assert result == {}
    [mail] = submission_server.wait_for(1)
    assert mail.encrypted, "the message must travel over TLS"
    assert mail.authenticated and mail.login == USER


@pytest.mark.points(1)
def test_wrong_ca_is_refused(exercise, submission_server, smtp_wrong_cafile):
    send = load_send(exercise)
    with pytest.raises(ssl.SSLCertVerificationError):
        send(
            message(),
            "127.0.0.1",
            submission_server.port,
            starttls=True,
            cafile=str(smtp_wrong_cafile),
            creds=CREDS,
        )
    with pytest.raises(ssl.SSLCertVerificationError):  # no cafile: the system's CAs
        send(message(), "127.0.0.1", submission_server.port, starttls=True, creds=CREDS)
    assert submission_server.messages == []


@pytest.mark.points(1)
def test_starttls_not_offered_is_an_error(exercise, smtp_server, smtp_cafile):
    send = load_send(exercise)
    with pytest.raises(smtplib.SMTPNotSupportedError):
        send(
            message(),
            "127.0.0.1",
            smtp_server.port,
            starttls=True,
            cafile=str(smtp_cafile),
            creds=CREDS,
        )
    assert smtp_server.messages == []


@pytest.mark.points(1)
def test_timeout_is_respected(exercise, silent_port):
    send = load_send(exercise)
    start = time.monotonic()
    with pytest.raises((TimeoutError, smtplib.SMTPServerDisconnected)):
        send(message(), "127.0.0.1", silent_port, timeout=0.5)
    assert time.monotonic() - start < 5
