"""Lab 04's scripts against the lab network's mail host: postfix and dovecot.

The same scripts as in the walkthrough, pointed at mail.lab.test with ``--host`` and
``--port``, verifying the servers with the lab CA: a message submitted over STARTTLS
with a login is delivered by postfix and read back over POP3S and IMAPS.
"""

import uuid

import pytest

from labkit import config, testing

from .conftest import LAB

pytestmark = pytest.mark.labnet

USER = "labuser"


@pytest.fixture(scope="module")
def mail():
    lab = config.load()
    host = lab.host("mail")
    env = testing.script_env({"MAIL_PASSWORD": lab.users[USER]})
    return host, lab.ca_cert, env


def run(script: str, *args, env) -> object:
    return testing.run_script(LAB / script, *args, env=env, timeout=60)


def send_tls(mail, subject: str, *extra: str):
    host, ca, env = mail
    return run(
        "smtp_mail_sender_tls.py",
        *("--host", host.address, "--port", str(host.port("submission")), "--cafile", ca),
        *("--user", USER, "--from", f"{USER}@lab.test", "--to", f"{USER}@lab.test"),
        *("--subject", subject, "--body", "sent through the lab network", *extra),
        env=env,
    )


def test_submission_with_starttls_then_pop3s_and_imaps(mail):
    host, ca, env = mail
    subject = f"lab04 {uuid.uuid4().hex}"
    sent = send_tls(mail, subject)
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout == f"Your email is sent to {USER}@lab.test.\n"

    pop3 = ("--host", host.address, "--port", str(host.port("pop3s")), "--cafile", ca)

    def delivered():  # postfix hands it to dovecot's Maildir a moment later
        fetched = run("fetch_email_pop3.py", *pop3, "--user", USER, env=env)
        assert fetched.returncode == 0, fetched.stderr
        return f"b'Subject: {subject}'" in fetched.stdout

    testing.wait_until(delivered, timeout=20, interval=0.5)
    imaps = ("--host", host.address, "--port", str(host.port("imaps")), "--cafile", ca)
    fetched = run("fetch_email_imap.py", *imaps, "--user", USER, env=env)
    assert fetched.returncode == 0, fetched.stderr
    assert fetched.stdout.startswith("Message: b'1'\nSubject: ")


def test_the_lab_postfix_refuses_a_wrong_password_and_relaying(mail):
    host, ca, env = mail
    bad_env = dict(env, MAIL_PASSWORD="not-the-password")
    refused = run(
        "smtp_mail_sender_tls.py",
        *("--host", host.address, "--port", str(host.port("submission")), "--cafile", ca),
        *("--user", USER, "--from", f"{USER}@lab.test", "--to", f"{USER}@lab.test"),
        *("--subject", "never", "--body", "x"),
        env=bad_env,
    )
    assert "login refused: 535" in testing.assert_one_line_error(refused, 1)
    relay = run(
        "smtp_mail_sender.py",
        *("--host", host.address, "--port", str(host.port("smtp"))),
        *("--from", f"{USER}@lab.test", "--to", "someone@example.com"),
        *("--subject", "out", "--body", "must not leave the lab"),
        env=env,
    )
    assert "recipient refused" in testing.assert_one_line_error(relay, 1)
