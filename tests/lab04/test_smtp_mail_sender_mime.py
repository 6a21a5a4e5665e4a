"""smtp_mail_sender_mime.py: a message with the lab's GIF attached."""

import hashlib

from labkit import testing

from .conftest import LAB

SCRIPT = LAB / "smtp_mail_sender_mime.py"
IMAGE = LAB / "image.gif"
FIELDS = ["--from", "alice@lab.test", "--to", "bob@lab.test", "--subject", "Picture"]
FIELDS += ["--body", "See the attachment."]


def run(*args, **kwargs):
    return testing.run_script(SCRIPT, *args, **kwargs)


def test_help():
    result = run("--help")
    assert result.returncode == 0 and "--attach" in result.stdout


def test_the_lab_image_is_a_gif():
    assert IMAGE.read_bytes()[:6] in (b"GIF87a", b"GIF89a")


def test_exactly_one_gif_attachment_with_the_same_bytes(smtp_server, tmp_path):
    result = run(*FIELDS, "--port", smtp_server.port, cwd=tmp_path)  # default: the lab's gif
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Your email is sent to bob@lab.test."
    [mail] = smtp_server.wait_for(1)
    message = mail.message
    assert message.get_content_type() == "multipart/mixed"
    assert message.get_body(("plain",)).get_content() == "See the attachment.\n"
    [attachment] = message.iter_attachments()
    assert attachment.get_filename() == "image.gif"
    assert attachment.get_content_type() == "image/gif"
    assert attachment.get_content_disposition() == "attachment"
    data = attachment.get_content()
    assert hashlib.sha256(data).hexdigest() == hashlib.sha256(IMAGE.read_bytes()).hexdigest()


def test_another_file_gets_its_own_name_and_type(smtp_server, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"line one\nline two\n")
    result = run(*FIELDS, "--port", smtp_server.port, "--attach", notes)
    assert result.returncode == 0, result.stderr
    [attachment] = smtp_server.wait_for(1)[0].message.iter_attachments()
    assert attachment.get_filename() == "notes.txt"
    assert attachment.get_content_type() == "text/plain"


def test_missing_file_is_a_usage_error(smtp_server, tmp_path):
    result = run(*FIELDS, "--port", smtp_server.port, "--attach", tmp_path / "missing.gif")
    line = testing.assert_one_line_error(result, 2)
    assert "missing.gif: no such file" in line
    assert smtp_server.messages == []


def test_refused_port_is_one_line(closed_port):
    result = run(*FIELDS, "--port", closed_port)
    assert "connection refused" in testing.assert_one_line_error(result, 1)


def test_read_timeout_is_one_line(silent_port):
    result = run(*FIELDS, "--port", silent_port, "--timeout", "0.5")
    assert "timed out" in testing.assert_one_line_error(result, 1)
