"""Exercises 1 and 2: build e-mail messages with ``email.message.EmailMessage``.

The book composes mail with ``email.mime`` classes (``MIMEMultipart``, ``MIMEText``,
``MIMEImage``) and fills in the parts by hand. ``EmailMessage`` does the same work with
less code and gets the encodings right. Write two functions.

**Exercise 1**, :func:`build_message`: return a message with

- the headers ``From`` (``sender``), ``To`` (the ``recipients`` joined with ``", "``),
  ``Subject``, ``Date`` (``email.utils.formatdate``) and ``Message-ID``
  (``email.utils.make_msgid``);
- ``body`` as its text/plain content: ``set_content`` chooses UTF-8 when the text is
  not plain ASCII (``"Grüße"`` must arrive as ``"Grüße"``);
- each file of ``attachments`` (paths) attached with ``add_attachment``: the file's
  bytes, its name as the filename, its content type guessed from the name with
  ``mimetypes.guess_type`` (``application/octet-stream`` when unknown).

**Exercise 2**, :func:`build_alternative`: the same headers, but the content twice: the
plain ``text`` first, then the ``html`` version (``add_alternative(html, subtype="html")``),
so that the message is multipart/alternative and a mail reader shows the best version it
can. Attachments, if any, come after (the message then becomes multipart/mixed, holding
the alternative part and the files).

Graded (``pytest tests/lab04/test_ex1_build_message.py tests/lab04/test_ex2_alternative.py``)
by turning the message into bytes and parsing them back with
``email.message_from_bytes(data, policy=email.policy.default)``: the headers, the body
and its charset, each attachment's name, type and bytes; ``get_body(("plain",))`` and
``get_body(("html",))`` for exercise 2.

Try it::

    python build_message.py me@lab.test you@lab.test "Hi" "Grüße" ../image.gif
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path


def build_message(
    sender: str,
    recipients: Sequence[str],
    subject: str,
    body: str,
    attachments: Sequence[str | Path] = (),
) -> EmailMessage:
    """Exercise 1: a text message (UTF-8 when needed) with files attached."""
    # TODO (exercise 1): headers, set_content, add_attachment for each file.
    raise NotImplementedError("exercise 1: write build_message()")


def build_alternative(
    sender: str,
    recipients: Sequence[str],
    subject: str,
    text: str,
    html: str,
    attachments: Sequence[str | Path] = (),
) -> EmailMessage:
    """Exercise 2: the same content as plain text and as HTML (multipart/alternative)."""
    # TODO (exercise 2): headers, set_content(text), add_alternative(html, subtype="html").
    raise NotImplementedError("exercise 2: write build_alternative()")


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
