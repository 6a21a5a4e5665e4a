"""Exercise 1: build_message() with EmailMessage, graded by parsing the bytes back."""

import email
import email.policy
import email.utils
import hashlib

import pytest

from .conftest import LAB

BODY = "Grüße aus dem Labor – ça marche? 🙂\nSecond line.\n"


def parse(message):
    return email.message_from_bytes(bytes(message), policy=email.policy.default)


def build(exercise, body=BODY, attachments=()):
    build_message = exercise.load("build_message.py").build_message
    return build_message(
        "alice@lab.test", ["bob@lab.test", "carol@lab.test"], "Lab report", body, attachments
    )


@pytest.mark.points(1)
def test_from_to_subject(exercise):
    message = parse(build(exercise))
    assert message["From"] == "alice@lab.test"
    assert [addr for _, addr in email.utils.getaddresses([message["To"]])] == [
        "bob@lab.test",
        "carol@lab.test",
    ]
    assert message["Subject"] == "Lab report"


@pytest.mark.points(1)
def test_date_and_message_id(exercise):
    message = parse(build(exercise))
    assert message["Date"] is not None, "set a Date header (email.utils.formatdate)"
    assert message["Date"].datetime is not None
    msgid = message["Message-ID"]
    assert msgid and msgid.startswith("<") and msgid.endswith(">") and "@" in msgid
    assert parse(build(exercise))["Message-ID"] != msgid, "each message needs its own id"


@pytest.mark.points(2)
def test_non_ascii_body_is_utf8_text(exercise):
    message = parse(build(exercise))
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    assert message.get_content() == BODY
    assert message.is_multipart() is False


@pytest.mark.points(2)
def test_attachments_keep_names_types_and_bytes(exercise, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"plain notes\n")
    blob = tmp_path / "data.lab4bin"
    blob.write_bytes(bytes(range(256)) * 4)
    files = [LAB / "image.gif", notes, blob]
    message = parse(build(exercise, attachments=files))
    assert message.get_content_type() == "multipart/mixed"
    assert message.get_body(("plain",)).get_content() == BODY
    attachments = list(message.iter_attachments())
    assert [part.get_filename() for part in attachments] == [
        "image.gif",
        "notes.txt",
        "data.lab4bin",
    ]
    assert [part.get_content_type() for part in attachments] == [
        "image/gif",
        "text/plain",
        "application/octet-stream",
    ]
    for path, part in zip(files, attachments, strict=True):
        data = part.get_payload(decode=True)
        assert hashlib.sha256(data).digest() == hashlib.sha256(path.read_bytes()).digest()
