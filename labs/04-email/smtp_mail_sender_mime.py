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

from smtp_mail_sender import ComposeError, add_message_options, compose, send, send_failed

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
        type=cli.existing_file,
        default=DEFAULT_ATTACHMENT,
        metavar="FILE",
        help="the file to attach (default: the lab's image.gif)",
    )
    add_message_options(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        message = compose(args)
        attach_file(message, Path(args.attach))
    except ComposeError as exc:
        return cli.error(str(exc), cli.USAGE)
    except OSError as exc:  # unreadable file
        return cli.error(f"cannot read {args.attach}: {cli.describe_error(exc)}")
    try:
        send(message, args.host, args.port, args.timeout, args.debug)
    except (smtplib.SMTPException, OSError) as exc:
        return send_failed(exc, args.port)
    print(f"Your email is sent to {message['To']}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
