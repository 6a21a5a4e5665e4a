"""smtp_mail_sender_tls.py: STARTTLS, then AUTH, then the message (Listing 2)."""

import base64
import getpass
import io
import smtplib
import ssl
import sys

import pytest

from labkit import testing

from .conftest import LAB
from .fixtures_smtp import PASSWORD, USER

SCRIPT = LAB / "smtp_mail_sender_tls.py"
tls_sender = testing.load_module(SCRIPT)
sender = testing.load_module(LAB / "smtp_mail_sender.py")

FIELDS = ["--from", "student@lab.test", "--to", "bob@lab.test", "--subject", "Secure"]
FIELDS += ["--body", "Over TLS", "--user", USER]


def run(*args, password=PASSWORD, **kwargs):
    env = {"MAIL_PASSWORD": password} if password is not None else None
    return testing.run_script(SCRIPT, *args, env=env, **kwargs)


def message():
    return sender.build_message("student@lab.test", "bob@lab.test", "s", "b")


def test_help_mentions_the_password_variable():
    result = run("--help")
    assert result.returncode == 0
    for option in ("--cafile", "--user", "--no-starttls", "--implicit-tls", "MAIL_PASSWORD"):
        assert option in result.stdout


def test_delivered_after_starttls_and_login(submission_server, smtp_cafile):
    result = run(*FIELDS, "--port", submission_server.port, "--cafile", smtp_cafile)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Your email is sent to bob@lab.test."
    [mail] = submission_server.wait_for(1)
    assert mail.authenticated and mail.encrypted and mail.login == USER
    assert (mail.mail_from, mail.rcpt_tos) == ("student@lab.test", ["bob@lab.test"])
    assert mail.message.get_body(("plain",)).get_content() == "Over TLS\n"


class FakeTerminal(io.StringIO):
    """Standard input that says it is a terminal, so the password is asked for."""

    def isatty(self) -> bool:
        return True


def test_password_from_getpass_when_the_variable_is_unset(
    submission_server, smtp_cafile, monkeypatch, capsys
):
    monkeypatch.delenv("MAIL_PASSWORD", raising=False)
    prompts = []
    monkeypatch.setattr(sys, "stdin", FakeTerminal())  # getpass is used on a terminal only
    monkeypatch.setattr(getpass, "getpass", lambda p="": prompts.append(p) or PASSWORD)
    argv = [*FIELDS, "--port", str(submission_server.port), "--cafile", str(smtp_cafile)]
    assert tls_sender.main(argv) == 0
    assert prompts == ["Password: "]
    assert submission_server.wait_for(1)[0].authenticated
    assert "sent to bob@lab.test" in capsys.readouterr().out


def test_user_defaults_to_the_sender_address(submission_server, smtp_cafile):
    fields = [*FIELDS[:-2]]  # no --user: the login is the From address, as in the book
    result = run(*fields, "--port", submission_server.port, "--cafile", smtp_cafile)
    assert "login refused: 535" in testing.assert_one_line_error(result, 1)


def test_wrong_password_is_one_line(submission_server, smtp_cafile):
    result = run(
        *FIELDS, "--port", submission_server.port, "--cafile", smtp_cafile, password="wrong"
    )
    line = testing.assert_one_line_error(result, 1)
    assert "login refused: 535" in line
    assert submission_server.messages == []


def test_wrong_password_raises_smtp_authentication_error(submission_server, smtp_cafile):
    context = tls_sender.tls_context(str(smtp_cafile))
    with pytest.raises(smtplib.SMTPAuthenticationError):
        tls_sender.send_secure(
            message(), "127.0.0.1", submission_server.port, USER, "wrong", context, 5
        )


def test_login_without_starttls_is_not_supported(submission_server, smtp_cafile):
    context = tls_sender.tls_context(str(smtp_cafile))
    with pytest.raises(smtplib.SMTPNotSupportedError):
        tls_sender.send_secure(
            message(),
            "127.0.0.1",
            submission_server.port,
            USER,
            PASSWORD,
            context,
            5,
            starttls=False,
        )
    result = run(*FIELDS, "--port", submission_server.port, "--no-starttls")
    assert "only after STARTTLS" in testing.assert_one_line_error(result, 1)
    assert submission_server.messages == []


def test_a_wrong_ca_fails_verification(submission_server, smtp_wrong_cafile):
    context = tls_sender.tls_context(str(smtp_wrong_cafile))
    with pytest.raises(ssl.SSLCertVerificationError):
        tls_sender.send_secure(
            message(), "127.0.0.1", submission_server.port, USER, PASSWORD, context, 5
        )
    result = run(*FIELDS, "--port", submission_server.port, "--cafile", smtp_wrong_cafile)
    assert "certificate verification failed" in testing.assert_one_line_error(result, 1)
    assert submission_server.messages == []


def test_without_cafile_the_system_cas_do_not_trust_the_lab(submission_server):
    result = run(*FIELDS, "--port", submission_server.port)
    assert "certificate verification failed" in testing.assert_one_line_error(result, 1)


def test_debug_shows_starttls_then_auth(submission_server, smtp_cafile):
    result = run(*FIELDS, "--port", submission_server.port, "--cafile", smtp_cafile, "--debug")
    assert result.returncode == 0, result.stderr
    debug = result.stderr
    assert "send: 'STARTTLS" in debug and "reply: b'220" in debug
    assert "send: 'AUTH PLAIN" in debug and "reply: b'235" in debug
    assert debug.index("STARTTLS") < debug.index("AUTH PLAIN")
    # AUTH PLAIN is only Base64 of \0user\0password: that is why it waits for TLS.
    secret = base64.b64encode(f"\0{USER}\0{PASSWORD}".encode()).decode()
    assert secret in debug


def test_implicit_tls(smtps_server, smtp_cafile):
    result = run(*FIELDS, "--port", smtps_server.port, "--cafile", smtp_cafile, "--implicit-tls")
    assert result.returncode == 0, result.stderr
    [mail] = smtps_server.wait_for(1)
    assert mail.authenticated and mail.encrypted


def test_refused_port_is_one_line(closed_port):
    result = run(*FIELDS, "--port", closed_port)
    assert "connection refused" in testing.assert_one_line_error(result, 1)


def test_read_timeout_is_one_line(silent_port):
    result = run(*FIELDS, "--port", silent_port, "--timeout", "0.5")
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_missing_cafile_is_a_usage_error(tmp_path):
    result = run(*FIELDS, "--cafile", tmp_path / "nope.pem")
    assert "no such file" in testing.assert_one_line_error(result, 2)


def test_a_cafile_that_is_not_a_certificate_is_a_usage_error(tmp_path):
    bogus = tmp_path / "bogus.pem"
    bogus.write_text("not a certificate\n")
    result = run(*FIELDS, "--cafile", bogus)
    assert "not a CA certificate" in testing.assert_one_line_error(result, 2)


def test_starttls_and_implicit_tls_exclude_each_other():
    result = run(*FIELDS, "--no-starttls", "--implicit-tls")
    testing.assert_one_line_error(result, 2)
