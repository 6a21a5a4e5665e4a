"""Exercise 2: build_alternative(), a multipart/alternative message (text + HTML)."""

import email
import email.policy
import hashlib

import pytest

from .conftest import LAB

TEXT = "Hello Bob,\nthe results are in: 42 packets, no loss.\n"
HTML = "<html><body><p>Hello Bob,</p><p>the results are in: <b>42</b> packets.</p></body></html>\n"


def parse(message):
    return email.message_from_bytes(bytes(message), policy=email.policy.default)


def build(exercise, attachments=()):
    build_alternative = exercise.load("build_message.py").build_alternative
    return build_alternative("alice@lab.test", ["bob@lab.test"], "Results", TEXT, HTML, attachments)


@pytest.mark.points(2)
def test_plain_and_html_bodies(exercise):
    message = parse(build(exercise))
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None and plain.get_content() == TEXT
    assert html is not None and html.get_content() == HTML
    assert message.get_body(("html", "plain")).get_content_type() == "text/html"


@pytest.mark.points(1)
def test_multipart_alternative_plain_first(exercise):
    message = parse(build(exercise))
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == [
        "text/plain",
        "text/html",
    ]
    assert (message["From"], message["To"], message["Subject"]) == (
        "alice@lab.test",
        "bob@lab.test",
        "Results",
    )
    assert message["Date"] is not None and message["Message-ID"] is not None


@pytest.mark.points(1)
def test_with_an_attachment(exercise):
    image = LAB / "image.gif"
    message = parse(build(exercise, [image]))
    assert message.get_content_type() == "multipart/mixed"
    assert message.get_body(("plain",)).get_content() == TEXT
    assert message.get_body(("html",)).get_content() == HTML
    [attachment] = message.iter_attachments()
    assert attachment.get_filename() == "image.gif"
    data = attachment.get_payload(decode=True)
    assert hashlib.sha256(data).digest() == hashlib.sha256(image.read_bytes()).digest()
