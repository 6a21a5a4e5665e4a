"""Exercises 1 and 2: build e-mail messages with ``email.message.EmailMessage``.

Reference solution.
"""

from __future__ import annotations

import mimetypes
import sys
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path


def _headers(sender: str, recipients: Sequence[str], subject: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "lab.test")
    return message


def _attach(message: EmailMessage, attachments: Sequence[str | Path]) -> None:
    for item in attachments:
        path = Path(item)
        content_type, _ = mimetypes.guess_type(path.name)
        maintype, subtype = (content_type or "application/octet-stream").split("/", 1)
        message.add_attachment(
            path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name
        )


def build_message(
    sender: str,
    recipients: Sequence[str],
    subject: str,
    body: str,
    attachments: Sequence[str | Path] = (),
) -> EmailMessage:
    """Exercise 1: a text message (UTF-8 when needed) with files attached."""
    message = _headers(sender, recipients, subject)
    message.set_content(body)
    _attach(message, attachments)
    return message


def build_alternative(
    sender: str,
    recipients: Sequence[str],
    subject: str,
    text: str,
    html: str,
    attachments: Sequence[str | Path] = (),
) -> EmailMessage:
    """Exercise 2: the same content as plain text and as HTML (multipart/alternative)."""
    message = _headers(sender, recipients, subject)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    _attach(message, attachments)
    return message


def main(argv: list[str] | None = None) -> int:
    """Print the message built from: SENDER RECIPIENT SUBJECT BODY [FILE...]."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 4:
        print("usage: build_message.py SENDER RECIPIENT SUBJECT BODY [FILE...]", file=sys.stderr)
        return 2
    sender, recipient, subject, body, *files = args
    message = build_message(sender, [recipient], subject, body, files)
    sys.stdout.write(message.as_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
