"""The SMTP fixtures behave like the servers the spec describes (aiosmtpd 1.4.6)."""

import smtplib
import ssl

import pytest

from .fixtures_smtp import PASSWORD, USER


def client_context(cafile):
    return ssl.create_default_context(cafile=str(cafile))


def test_plain_server_accepts_any_recipient(smtp_server):
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=5) as client:
        client.sendmail("a@lab.test", ["x@anywhere.invalid", "y@lab.test"], b"Subject: t\r\n\r\nhi")
    [mail] = smtp_server.wait_for(1)
    assert mail.rcpt_tos == ["x@anywhere.invalid", "y@lab.test"]
    assert mail.message["Subject"] == "t" and not mail.authenticated and not mail.encrypted


def test_submission_features_before_and_after_tls(submission_server, smtp_cafile):
    with smtplib.SMTP(submission_server.host, submission_server.port, timeout=5) as client:
        client.ehlo()
        assert {"starttls", "8bitmime", "size", "smtputf8"} <= set(client.esmtp_features)
        assert "auth" not in client.esmtp_features
        with pytest.raises(smtplib.SMTPNotSupportedError):
            client.login(USER, PASSWORD)
        client.starttls(context=client_context(smtp_cafile))
        client.ehlo()
        assert set(client.esmtp_features["auth"].split()) == {"PLAIN", "LOGIN"}
        client.login(USER, PASSWORD)
        client.sendmail("a@lab.test", ["b@lab.test"], b"Subject: t\r\n\r\nhi")
    [mail] = submission_server.wait_for(1)
    assert mail.authenticated and mail.encrypted and mail.login == USER


@pytest.mark.parametrize("mechanism", ["LOGIN", "PLAIN"])
def test_submission_auth_mechanisms(submission_server, smtp_cafile, mechanism):
    with smtplib.SMTP(submission_server.host, submission_server.port, timeout=5) as client:
        client.starttls(context=client_context(smtp_cafile))
        client.ehlo()
        client.user, client.password = USER, PASSWORD
        code, _ = client.auth(mechanism, getattr(client, f"auth_{mechanism.lower()}"))
        assert code == 235


def test_submission_requires_auth(submission_server, smtp_cafile):
    with smtplib.SMTP(submission_server.host, submission_server.port, timeout=5) as client:
        client.starttls(context=client_context(smtp_cafile))
        with pytest.raises(smtplib.SMTPSenderRefused):
            client.sendmail("a@lab.test", ["b@lab.test"], b"Subject: t\r\n\r\nhi")


def test_wrong_ca_is_refused(submission_server, smtp_wrong_cafile):
    with smtplib.SMTP(submission_server.host, submission_server.port, timeout=5) as client:
        with pytest.raises(ssl.SSLCertVerificationError):
            client.starttls(context=client_context(smtp_wrong_cafile))


def test_implicit_tls(smtps_server, smtp_cafile):
    context = client_context(smtp_cafile)
    with smtplib.SMTP_SSL(smtps_server.host, smtps_server.port, timeout=5, context=context) as c:
        c.login(USER, PASSWORD)
        c.sendmail("a@lab.test", ["b@lab.test"], b"Subject: t\r\n\r\nhi")
    [mail] = smtps_server.wait_for(1)
    assert mail.encrypted and mail.authenticated


def test_cleartext_auth_when_tls_is_not_required(start_smtp):
    # AUTH offered in clear text (what a capture would show); not required, so that
    # aiosmtpd does not warn about requiring AUTH without TLS.
    server = start_smtp(auth=True, auth_require_tls=False, auth_required=False)
    with smtplib.SMTP(server.host, server.port, timeout=5) as client:
        client.login(USER, PASSWORD)
        client.sendmail("a@lab.test", ["b@lab.test"], b"Subject: t\r\n\r\nhi")
    [mail] = server.wait_for(1)
    assert mail.authenticated and not mail.encrypted
