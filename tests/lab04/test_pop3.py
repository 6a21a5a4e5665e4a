"""fetch_email_pop3.py against the seeded dovecot: count, last message, and the failures."""

from __future__ import annotations

import email
import email.policy

import fetch_email_pop3 as pop3
import pytest
import trustme

from labkit import testing

from .conftest import LAB
from .fixtures_mailstore import make_message

SCRIPT = LAB / "fetch_email_pop3.py"


def run(*args, password="secret", **kwargs):
    env = {"MAIL_PASSWORD": password} if password is not None else {"MAIL_PASSWORD": ""}
    return testing.run_script(SCRIPT, *args, env=env, **kwargs)


def store_args(store, *extra):
    return ["--port", store.pop3s_port, "--cafile", store.cafile, *extra]


@pytest.fixture
def mailbox(mailstore):
    """A logged-in POP3S connection to the fixture's store."""
    client = pop3.connect(mailstore.host, mailstore.pop3s_port, mailstore.cafile, 5)
    client.user(mailstore.user)
    client.pass_(mailstore.password)
    yield client
    client.quit()


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0
    assert "MAIL_PASSWORD" in result.stdout and "--cafile" in result.stdout


def test_stat_counts_the_three_seeded_messages(mailbox):
    assert mailbox.stat()[0] == 3
    assert pop3.count_messages(mailbox) == 3


def test_the_books_count_expression_is_a_type_error(mailbox):
    """len(mailbox.list())[1]: the length of a tuple is an int, which cannot be indexed."""
    with pytest.raises(TypeError):
        len(mailbox.list())[1]
    assert len(mailbox.list()[1]) == 3


def test_the_last_message_is_msg_3(mailbox):
    lines = pop3.fetch_last(mailbox)
    message = email.message_from_bytes(b"\n".join(lines), policy=email.policy.default)
    assert message["Subject"] == "Msg 3"
    assert "IMAP numbers it 3" in message.get_content()


def test_the_cli_prints_the_count_and_the_last_message(mailstore):
    result = run(*store_args(mailstore))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == ["Total emails: 3", "Getting last message"]
    assert "b'Subject: Msg 3'" in lines
    assert "b'Subject: Msg 1'" not in lines
    assert result.stderr == ""


def test_a_new_message_is_the_new_last_one(mailstore):
    mailstore.add(make_message("Msg 4"))
    result = run(*store_args(mailstore))
    assert result.stdout.startswith("Total emails: 4\n")
    assert "b'Subject: Msg 4'" in result.stdout.splitlines()


def test_an_empty_mailbox(mailstore):
    mailstore.seed([])
    result = run(*store_args(mailstore))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["Total emails: 0", "Getting last message"]


def test_the_password_can_come_from_stdin(mailstore):
    result = run(*store_args(mailstore), password=None, input="secret\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Total emails: 3\n")


def test_no_password_is_one_line(mailstore):
    result = run(*store_args(mailstore), password=None, input="")
    line = testing.assert_one_line_error(result, 1)
    assert "no password" in line and "MAIL_PASSWORD" in line


def test_a_wrong_password_is_one_line(mailstore):
    line = testing.assert_one_line_error(run(*store_args(mailstore), password="wrong"), 1)
    assert "Authentication failed" in line, line


def test_a_wrong_ca_is_one_line(mailstore, tmp_path):
    other = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    result = run("--port", mailstore.pop3s_port, "--cafile", other)
    line = testing.assert_one_line_error(result, 1)
    assert "certificate verification failed" in line, line


def test_the_library_refuses_a_wrong_ca(mailstore, tmp_path):
    import ssl

    other = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    with pytest.raises(ssl.SSLCertVerificationError):
        pop3.connect(mailstore.host, mailstore.pop3s_port, str(other), 5)


def test_tls_to_the_plain_port_is_one_line(mailstore):
    result = run("--port", mailstore.pop3_port, "--cafile", mailstore.cafile)
    line = testing.assert_one_line_error(result, 1)
    assert "TLS failed" in line or "timed out" in line, line


def test_a_refused_port_is_one_line(closed_port):
    line = testing.assert_one_line_error(run("--port", closed_port), 1)
    assert "connection refused" in line and "mail_store.py" in line, line


def test_a_connect_timeout_is_one_line(backlog_full_port):
    result = run("--port", backlog_full_port, "--timeout", "1")
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_a_silent_server_is_one_line(silent_port):
    result = run("--port", silent_port, "--timeout", "1")
    assert "timed out" in testing.assert_one_line_error(result, 1)


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--port", "99999"], "port must be between"),
        (["--timeout", "0"], "must be greater than 0"),
        (["--cafile", "/nonexistent/ca.pem"], "no such file"),
    ],
)
def test_bad_arguments_are_usage_errors(args, fragment):
    line = testing.assert_one_line_error(run(*args), 2)
    assert fragment in line, line
