"""smtp_server.py: the lab's aiosmtpd server (plain, STARTTLS + AUTH, Maildir)."""

import email
import email.policy
import mailbox
import smtplib
import socket
import ssl

import pytest

from labkit import testing

from .conftest import LAB

SCRIPT = LAB / "smtp_server.py"
SUMMARY = "From alice@lab.test to bob@lab.test, carol@lab.test: Hello there"


def compose(subject="Hello there"):
    message = email.message.EmailMessage()
    message["From"] = "alice@lab.test"
    message["To"] = "bob@lab.test, carol@lab.test"
    message["Subject"] = subject
    message.set_content("Body of the message\n")
    return message


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0
    for option in ("--port", "--starttls", "--cert", "--key", "--write-ca", "--auth", "--maildir"):
        assert option in result.stdout


def test_prints_one_line_per_message_and_stops_on_sigterm():
    with testing.start_script(SCRIPT, "--port", "0") as server:
        assert server.host == "127.0.0.1" and server.port > 0
        for _ in range(2):
            with smtplib.SMTP(server.host, server.port, timeout=5) as client:
                client.send_message(compose())
            server.wait_for_line(r"^From ", timeout=5)
        assert server.lines[-2:] == [SUMMARY, SUMMARY]
        assert server.stop() == 0
        assert "Traceback" not in server.stderr_text()


def test_starttls_and_auth_with_a_generated_ca(tmp_path):
    ca = tmp_path / "ca.pem"
    args = ["--port", "0", "--starttls", "--write-ca", ca, "--auth", "student:secret"]
    with testing.start_script(SCRIPT, *args) as server:
        context = ssl.create_default_context(cafile=str(ca))
        with smtplib.SMTP(server.host, server.port, timeout=5) as client:
            client.ehlo()
            assert "auth" not in client.esmtp_features
            with pytest.raises(smtplib.SMTPNotSupportedError):
                client.login("student", "secret")
            client.starttls(context=context)
            client.ehlo()
            assert "auth" in client.esmtp_features
            with pytest.raises(smtplib.SMTPAuthenticationError):
                client.login("student", "wrong")
            client.login("student", "secret")
            client.send_message(compose())
        server.wait_for_line(r"^From ", timeout=5)
        assert server.lines[-1] == SUMMARY
        # A client with the wrong CA aborts the handshake: the server says so in one line.
        wrong = ssl.create_default_context()
        with smtplib.SMTP(server.host, server.port, timeout=5) as client:
            with pytest.raises(ssl.SSLCertVerificationError):
                client.starttls(context=wrong)
        server.stop()
        stderr = server.stderr_text()
        assert "Traceback" not in stderr and "Deprecat" not in stderr, stderr


def test_mail_without_starttls_is_refused(tmp_path):
    args = ["--port", "0", "--starttls", "--write-ca", tmp_path / "ca.pem"]
    with testing.start_script(SCRIPT, *args) as server:
        with smtplib.SMTP(server.host, server.port, timeout=5) as client:
            with pytest.raises(smtplib.SMTPSenderRefused) as info:
                client.send_message(compose())
        assert info.value.smtp_code == 530


def test_maildir_keeps_each_message(tmp_path):
    maildir = tmp_path / "Maildir"
    with testing.start_script(SCRIPT, "--port", "0", "--maildir", maildir) as server:
        with smtplib.SMTP(server.host, server.port, timeout=5) as client:
            client.send_message(compose("First"))
            client.send_message(compose("Second"))
        server.wait_for_line(r"Second$", timeout=5)
    files = sorted((maildir / "new").iterdir())
    assert len(files) == 2
    subjects = {
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)["Subject"]
        for path in files
    }
    assert subjects == {"First", "Second"}
    assert len(mailbox.Maildir(maildir)) == 2


def test_a_port_in_use_is_one_line():
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = testing.run_script(SCRIPT, "--port", port, timeout=20)
    line = testing.assert_one_line_error(result, 1)
    assert f"cannot listen on 127.0.0.1:{port}" in line


@pytest.mark.parametrize(
    "bad, fragment",
    [
        (["--starttls"], "--starttls needs"),
        (["--write-ca", "ca.pem"], "go with --starttls"),
        (["--auth", "student"], "USER:PASSWORD"),
        (["--starttls", "--cert", "nope.pem", "--key", "nope.key"], "no such file"),
        (["--port", "65536"], "port"),
    ],
)
def test_bad_arguments_are_usage_errors(bad, fragment, tmp_path):
    result = testing.run_script(SCRIPT, *bad, cwd=tmp_path)
    assert fragment in testing.assert_one_line_error(result, 2)
