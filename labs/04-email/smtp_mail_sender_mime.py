"""Send an e-mail with a file attached (a small GIF by default).

Follows "Sending e-mails with attachments" in chapter 4. The book reads ``image.gif``,
wraps it in ``MIMEImage(data, _subtype='gif')`` and adds a ``Content-Disposition:
attachment`` header itself. ``EmailMessage.add_attachment`` does all three: it Base64-encodes
the bytes, sets ``image/gif`` and ``attachment; filename="image.gif"``, and turns the
message into multipart/mixed (text part first, then the file). The content type is guessed
from the file name with ``mimetypes`` (the book's ``imghdr`` was removed in Python 3.13).

Sends over plain SMTP to the lab's server (``python smtp_server.py``, port 8025)::

    python smtp_mail_sender_mime.py --from me@lab.test --to you@lab.test --subject Pic --body Look
    python smtp_mail_sender_mime.py --attach notes.pdf
"""

from __future__ import annotations

import mimetypes
import smtplib
import sys
from email.message import EmailMessage
from pathlib import Path

from smtp_mail_sender import ask, build_message, describe_smtp_error, send

from labkit import cli

DEFAULT_PORT = 8025
DEFAULT_ATTACHMENT = Path(__file__).with_name("image.gif")


def attach_file(message: EmailMessage, path: Path) -> None:
    """Add ``path`` to ``message`` as an attachment named after the file."""
    content_type, _ = mimetypes.guess_type(path.name)
    maintype, subtype = (content_type or "application/octet-stream").split("/", 1)
    message.add_attachment(
        path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name
    )


def parse_args(argv):
    parser = cli.ArgumentParser(description="Send an e-mail with an attachment over SMTP.")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    cli.add_timeout(parser)
    parser.add_argument(
        "--attach",
        type=Path,
        default=DEFAULT_ATTACHMENT,
        metavar="FILE",
        help="the file to attach (default: the lab's image.gif)",
    )
    parser.add_argument("--from", dest="sender", help="sender address (else prompted)")
    parser.add_argument("--to", dest="recipient", help="recipient address (else prompted)")
    parser.add_argument("--subject", help="subject line (else prompted)")
    parser.add_argument("--body", help="message text (else prompted)")
    parser.add_argument("--debug", action="store_true", help="print the SMTP dialogue")
    args = parser.parse_args(argv)
    if not args.attach.is_file():
        parser.error(f"--attach {args.attach}: no such file")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        sender = ask(args.sender, "Enter sender email address: ")
        recipient = ask(args.recipient, "Enter recipient email address: ")
        subject = ask(args.subject, "Enter email subject: ")
        body = ask(args.body, "Enter your email message: ")
    except (EOFError, KeyboardInterrupt):
        return cli.error("no answer to the prompt (give the values as options)", cli.USAGE)
    if not recipient.strip():
        return cli.error("the recipient address is empty", cli.USAGE)
    try:
        message = build_message(sender, recipient, subject, body)
        attach_file(message, args.attach)
    except ValueError as exc:
        return cli.error(f"cannot build the message: {exc}", cli.USAGE)
    except OSError as exc:  # unreadable file
        return cli.error(f"cannot read {args.attach}: {cli.describe_error(exc)}")
    try:
        send(message, args.host, args.port, args.timeout, args.debug)
    except (smtplib.SMTPException, OSError) as exc:
        problem = describe_smtp_error(exc)
        return cli.error(cli.with_hint(problem, f"is smtp_server.py running on {args.port}?"))
    print(f"Your email is sent to {recipient}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
