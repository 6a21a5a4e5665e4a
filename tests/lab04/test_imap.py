"""fetch_email_imap.py against the seeded dovecot: search, fetch, \\Seen, and the failures."""

from __future__ import annotations

import email
import email.policy
import ssl

import fetch_email_imap as imap
import pytest
import trustme

from labkit import testing

from .conftest import LAB

SCRIPT = LAB / "fetch_email_imap.py"


def run(*args, password="secret", **kwargs):
    return testing.run_script(SCRIPT, *args, env={"MAIL_PASSWORD": password or ""}, **kwargs)


def store_args(store, *extra):
    return ["--port", store.imaps_port, "--cafile", store.cafile, *extra]


@pytest.fixture
def mailbox(mailstore):
    """A logged-in IMAPS connection with the Inbox selected."""
    client = imap.connect(mailstore.host, mailstore.imaps_port, mailstore.cafile, 5)
    client.login(mailstore.user, mailstore.password)
    client.select("Inbox")
    yield client
    client.logout()


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0
    for option in ("MAIL_PASSWORD", "--mark-seen", "--number", "--cafile"):
        assert option in result.stdout


def test_search_all_finds_the_three_messages(mailbox):
    assert mailbox.search(None, "ALL") == ("OK", [b"1 2 3"])
    assert imap.message_numbers(mailbox) == [b"1", b"2", b"3"]


def test_fetch_returns_the_whole_message(mailbox):
    raw = imap.fetch(mailbox, b"2")
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Subject"] == "Msg 2"
    [attachment] = message.iter_attachments()
    assert attachment.get_filename() == "logo.gif"


def test_peek_leaves_seen_unset_and_rfc822_sets_it(mailbox):
    imap.fetch(mailbox, b"1")
    assert b"\\Seen" not in imap.flags(mailbox, b"1")
    imap.fetch(mailbox, b"1", mark_seen=True)
    assert b"\\Seen" in imap.flags(mailbox, b"1")


def test_the_cli_prints_message_1(mailstore):
    result = run(*store_args(mailstore))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == ["Message: b'1'", "Subject: Msg 1"]
    assert "Msg 2" not in result.stdout
    assert lines[-1].startswith("Flags now: (") and "\\Seen" not in lines[-1]
    assert result.stderr == ""


def test_the_cli_does_not_mark_the_message_seen(mailstore):
    assert run(*store_args(mailstore)).returncode == 0
    assert b"\\Seen" not in mailstore.flags()[1]


def test_mark_seen_does_what_the_book_did(mailstore):
    result = run(*store_args(mailstore, "--mark-seen", "--number", "3"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Message: b'3'\nSubject: Msg 3\n")
    assert "\\Seen" in result.stdout.splitlines()[-1]
    flags = mailstore.flags()
    assert b"\\Seen" in flags[3] and b"\\Seen" not in flags[1]


def test_a_missing_message_is_one_line(mailstore):
    line = testing.assert_one_line_error(run(*store_args(mailstore, "--number", "9")), 1)
    assert "no message 9" in line, line


def test_a_wrong_password_is_one_line(mailstore):
    line = testing.assert_one_line_error(run(*store_args(mailstore), password="wrong"), 1)
    assert "AUTHENTICATIONFAILED" in line and "b'" not in line, line


def test_no_password_is_one_line(mailstore):
    result = run(*store_args(mailstore), password=None, input="")
    assert "no password" in testing.assert_one_line_error(result, 1)


def test_a_wrong_ca_is_one_line(mailstore, tmp_path):
    other = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    line = testing.assert_one_line_error(run("--port", mailstore.imaps_port, "--cafile", other), 1)
    assert "certificate verification failed" in line, line


def test_the_library_refuses_a_wrong_ca(mailstore, tmp_path):
    other = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    with pytest.raises(ssl.SSLCertVerificationError):
        imap.connect(mailstore.host, mailstore.imaps_port, str(other), 5)


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
        (["--port", "-1"], "port must be between"),
        (["--number", "0"], "counts from 1"),
        (["--number", "x"], "invalid int value"),
        (["--cafile", "/nonexistent/ca.pem"], "no such file"),
    ],
)
def test_bad_arguments_are_usage_errors(args, fragment):
    line = testing.assert_one_line_error(run(*args), 2)
    assert fragment in line, line
