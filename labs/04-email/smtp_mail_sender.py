"""Send one e-mail over plain SMTP: compose it, hand it to a server, done.

Follows the first listing of chapter 4 ("Sending e-mails with SMTP"). The book builds a
``MIMEMultipart`` by hand and sends it to Google's mail exchanger on port 25; this lab
never leaves your machine, so the message goes to the lab's own server
(``python smtp_server.py``, port 8025). Two things changed on the way:

- the message is an ``email.message.EmailMessage``: ``set_content`` picks the charset and
  the transfer encoding, so a body with accents or emoji is sent as UTF-8 (the book's
  ``MIMEText`` plus ``set_payload`` stays us-ascii and fails on it);
- ``send_message`` takes the envelope (MAIL FROM, RCPT TO) from the From and To headers.

The book prompts for the sender, recipient, subject and message; so does this script,
unless you give them as options. ``--debug`` prints the SMTP dialogue (``set_debuglevel``)::

    python smtp_mail_sender.py
    python smtp_mail_sender.py --from me@lab.test --to you@lab.test --subject Hi --body Hello
    python smtp_mail_sender.py --debug --port 8025

The other sending scripts of the lab reuse :func:`add_message_options`, :func:`compose`,
:func:`describe_smtp_error` and :func:`send_failed` from here.
"""

from __future__ import annotations

import smtplib
import sys
from email.message import EmailMessage

from labkit import cli

DEFAULT_PORT = 8025


def build_message(sender: str, recipient: str, subject: str, body: str) -> EmailMessage:
    """A multipart/mixed message holding one text/plain part, like the book's."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = subject
    message.set_content(body)  # text/plain; utf-8 when the body is not plain ASCII
    message.make_mixed()  # the book's MIMEMultipart: room for attachments later
    return message


def send(message: EmailMessage, host: str, port: int, timeout: float, debug: bool = False) -> None:
    """Hand ``message`` to the SMTP server at ``host:port`` (EHLO, MAIL, RCPT, DATA, QUIT)."""
    with smtplib.SMTP(host, port, timeout=timeout) as session:
        session.set_debuglevel(1 if debug else 0)  # the dialogue goes to stderr
        session.ehlo()
        session.send_message(message)


def describe_smtp_error(exc: Exception) -> str:
    """One line for whatever smtplib, ssl or the socket raised."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return f"login refused: {exc.smtp_code} {exc.smtp_error.decode(errors='replace')}"
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return f"{exc} (AUTH is offered only after STARTTLS)"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = ", ".join(
            f"{rcpt} ({code} {text.decode(errors='replace')})"
            for rcpt, (code, text) in exc.recipients.items()
        )
        return f"recipient refused: {refused}"
    if isinstance(exc, smtplib.SMTPResponseException):  # sender refused, DATA refused, ...
        return f"the server said {exc.smtp_code} {exc.smtp_error.decode(errors='replace')}"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"the server closed the connection ({exc})" if str(exc) else "disconnected"
    return cli.describe_error(exc)


def send_failed(exc: Exception, port: int) -> int:
    """Print why sending failed, as one line with a hint; return the exit status."""
    problem = describe_smtp_error(exc)
    return cli.error(cli.with_hint(problem, f"is smtp_server.py running on {port}?"))


class ComposeError(Exception):
    """No message to send: a prompt got no answer, the recipient is empty, a header is bad."""


def ask(value: str | None, prompt: str) -> str:
    """The option's value, or else an answer read with ``input`` (stdin can be a pipe)."""
    if value is not None:
        return value
    return input(prompt)


def compose(args) -> EmailMessage:
    """The message from ``--from``, ``--to``, ``--subject`` and ``--body``, prompting
    for whichever of them is missing, as the book's script does; raises ComposeError."""
    try:
        sender = ask(args.sender, "Enter sender email address: ")
        recipient = ask(args.recipient, "Enter recipient email address: ")
        subject = ask(args.subject, "Enter email subject: ")
        body = ask(args.body, "Enter your email message: ")
    except (EOFError, KeyboardInterrupt):
        raise ComposeError("no answer to the prompt (give the values as options)") from None
    if not recipient.strip():
        raise ComposeError("the recipient address is empty")
    try:
        return build_message(sender, recipient, subject, body)
    except ValueError as exc:  # a header with a line break in it, say
        raise ComposeError(f"cannot build the message: {exc}") from None


def add_message_options(parser) -> None:
    """The options that answer :func:`compose`'s prompts, and ``--debug``."""
    parser.add_argument("--from", dest="sender", help="sender address (else prompted)")
    parser.add_argument("--to", dest="recipient", help="recipient address (else prompted)")
    parser.add_argument("--subject", help="subject line (else prompted)")
    parser.add_argument("--body", help="message text (else prompted)")
    parser.add_argument("--debug", action="store_true", help="print the SMTP dialogue")


def parse_args(argv):
    parser = cli.ArgumentParser(
        description="Compose an e-mail (prompting for what the options do not give) "
        "and send it over plain SMTP."
    )
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    cli.add_timeout(parser)
    add_message_options(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        message = compose(args)
    except ComposeError as exc:
        return cli.error(str(exc), cli.USAGE)
    try:
        send(message, args.host, args.port, args.timeout, args.debug)
    except (smtplib.SMTPException, OSError) as exc:
        return send_failed(exc, args.port)
    print(f"Your email is sent to {message['To']}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
