"""smtp_mail_sender.py: compose a message and send it over plain SMTP (Listing 1)."""

import smtplib

import pytest

from labkit import testing

from .conftest import LAB

SCRIPT = LAB / "smtp_mail_sender.py"
sender = testing.load_module(SCRIPT)

FIELDS = ["--from", "alice@lab.test", "--to", "bob@lab.test", "--subject", "Hello"]


def run(*args, **kwargs):
    return testing.run_script(SCRIPT, *args, **kwargs)


def test_help():
    result = run("--help")
    assert result.returncode == 0
    for option in ("--host", "--port", "--from", "--to", "--subject", "--body", "--debug"):
        assert option in result.stdout


def test_build_message_is_multipart_mixed_with_one_text_part():
    message = sender.build_message("a@lab.test", "b@lab.test", "Subj", "Body text")
    assert message.get_content_type() == "multipart/mixed"
    [part] = message.iter_parts()
    assert part.get_content_type() == "text/plain"
    assert part.get_content() == "Body text\n"
    assert (message["From"], message["To"], message["Subject"]) == (
        "a@lab.test",
        "b@lab.test",
        "Subj",
    )


def test_one_envelope_arrives_with_the_right_headers(smtp_server):
    result = run(*FIELDS, "--body", "Hi Bob", "--port", smtp_server.port)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "Your email is sent to bob@lab.test."
    [mail] = smtp_server.wait_for(1)
    assert mail.mail_from == "alice@lab.test"
    assert mail.rcpt_tos == ["bob@lab.test"]
    message = mail.message
    assert (message["From"], message["To"], message["Subject"]) == (
        "alice@lab.test",
        "bob@lab.test",
        "Hello",
    )
    assert message.get_content_type() == "multipart/mixed"
    assert message.get_body(("plain",)).get_content() == "Hi Bob\n"


def test_answers_can_come_from_stdin_like_the_books_prompts(smtp_server):
    answers = "carol@lab.test\ndave@lab.test\nPrompted\nTyped body\n"
    result = run("--port", smtp_server.port, input=answers)
    assert result.returncode == 0, result.stderr
    assert "Enter sender email address:" in result.stdout
    assert result.stdout.rstrip().endswith("Your email is sent to dave@lab.test.")
    [mail] = smtp_server.wait_for(1)
    assert (mail.mail_from, mail.rcpt_tos) == ("carol@lab.test", ["dave@lab.test"])
    assert mail.message["Subject"] == "Prompted"
    assert mail.message.get_body(("plain",)).get_content() == "Typed body\n"


def test_a_non_ascii_body_is_delivered_as_utf8(smtp_server):
    body = "Grüße aus dem Labor, ça va? 🙂"
    result = run(*FIELDS, "--body", body, "--subject", "Déjà vu", "--port", smtp_server.port)
    assert result.returncode == 0, result.stderr
    [mail] = smtp_server.wait_for(1)
    part = mail.message.get_body(("plain",))
    assert part.get_content_charset() == "utf-8"
    assert part.get_content() == body + "\n"
    assert mail.message["Subject"] == "Déjà vu"


def test_debug_shows_the_smtp_dialogue(smtp_server):
    result = run(*FIELDS, "--body", "x", "--debug", "--port", smtp_server.port)
    assert result.returncode == 0, result.stderr
    dialogue = result.stderr.lower()  # Python 3.13 writes "mail from:", 3.12 "mail FROM:"
    assert "send: 'mail from:<alice@lab.test>" in dialogue
    assert "send: 'rcpt to:<bob@lab.test>" in dialogue
    assert "reply: b'354" in result.stderr
    assert "reply: b'221" in result.stderr


def test_without_debug_nothing_goes_to_stderr(smtp_server):
    result = run(*FIELDS, "--body", "x", "--port", smtp_server.port)
    assert result.returncode == 0 and result.stderr == ""


def test_refused_port_is_one_line(closed_port):
    result = run(*FIELDS, "--body", "x", "--port", closed_port)
    line = testing.assert_one_line_error(result, 1)
    assert "connection refused" in line and "smtp_server.py" in line


def test_connect_timeout_is_one_line(backlog_full_port):
    result = run(*FIELDS, "--body", "x", "--port", backlog_full_port, "--timeout", "0.5")
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_silent_server_times_out_in_one_line(silent_port):
    result = run(*FIELDS, "--body", "x", "--port", silent_port, "--timeout", "0.5")
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_a_server_that_wants_starttls_refuses_in_one_line(submission_server):
    result = run(*FIELDS, "--body", "x", "--port", submission_server.port)
    line = testing.assert_one_line_error(result, 1)
    assert "530" in line and "STARTTLS" in line
    assert submission_server.messages == []


@pytest.mark.parametrize("bad", [["--port", "70000"], ["--port", "smtp"], ["--timeout", "0"]])
def test_bad_arguments_are_usage_errors(bad):
    result = run(*FIELDS, "--body", "x", *bad)
    assert testing.assert_one_line_error(result, 2).startswith("smtp_mail_sender.py: error:")


def test_a_line_break_in_the_subject_is_a_usage_error(smtp_server):
    result = run(
        *FIELDS[:4], "--subject", "Hi\nBcc: eve@lab.test", "--body", "x", "--port", smtp_server.port
    )
    assert "linefeed" in testing.assert_one_line_error(result, 2)
    assert smtp_server.messages == []


def test_no_answers_on_stdin_is_a_usage_error():
    result = run("--port", "1", input="")
    assert "no answer" in testing.assert_one_line_error(result, 2)


def test_send_raises_smtplib_errors(smtp_server, start_smtp):
    server = start_smtp("starttls")
    message = sender.build_message("a@lab.test", "b@lab.test", "s", "b")
    with pytest.raises(smtplib.SMTPSenderRefused):
        sender.send(message, "127.0.0.1", server.port, 5)
    sender.send(message, "127.0.0.1", smtp_server.port, 5)
    assert len(smtp_server.wait_for(1)) == 1
