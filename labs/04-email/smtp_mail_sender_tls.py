"""Send an e-mail through a submission server: STARTTLS first, then log in.

Follows the second listing of chapter 4 ("Securing e-mail messages with TLS"). A mail
client hands its mail to a *submission* server (port 587; the lab's runs on 8587), which
wants two things before it accepts a message:

1. ``STARTTLS``: the plain connection becomes a TLS one. ``starttls()`` is given a
   context from ``ssl.create_default_context``, so the server's certificate is checked
   against ``--cafile`` (without a context, smtplib checks nothing at all);
2. ``AUTH``: ``login()`` sends the user name and password (AUTH PLAIN is just Base64 of
   ``\\0user\\0password``: readable by anyone who sees it, hence TLS first). Servers offer
   AUTH only once the connection is encrypted; ``--no-starttls`` shows what happens
   otherwise.

Then ``ehlo()`` again (the server's features change after STARTTLS), ``send_message``.
The book calls ``session.ehlo`` without parentheses, which does nothing; here it is
called. ``--implicit-tls`` talks TLS from the first byte instead (port 465 style).

The password comes from the environment variable MAIL_PASSWORD when it is set, else it
is asked with ``getpass`` (not echoed). Start the server and send::

    python smtp_server.py --port 8587 --starttls --write-ca ca.pem --auth student:secret
    python smtp_mail_sender_tls.py --cafile ca.pem --user student --debug
"""

from __future__ import annotations

import smtplib
import ssl
import sys
from email.message import EmailMessage

from smtp_mail_sender import ComposeError, add_message_options, compose, send_failed

from labkit import cli

DEFAULT_PORT = 8587
PASSWORD_ENV = "MAIL_PASSWORD"


def tls_context(cafile: str | None) -> ssl.SSLContext:
    """A context that verifies the server: against ``cafile``, or the system's CAs."""
    return ssl.create_default_context(cafile=cafile)


def send_secure(
    message: EmailMessage,
    host: str,
    port: int,
    user: str,
    password: str,
    context: ssl.SSLContext,
    timeout: float,
    *,
    starttls: bool = True,
    implicit_tls: bool = False,
    debug: bool = False,
) -> None:
    """EHLO, STARTTLS, EHLO, AUTH, then MAIL/RCPT/DATA (or implicit TLS from the start)."""
    if implicit_tls:
        session = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        session = smtplib.SMTP(host, port, timeout=timeout)
    with session:
        session.set_debuglevel(1 if debug else 0)
        session.ehlo()
        if starttls and not implicit_tls:
            session.starttls(context=context)
            session.ehlo()  # the features offered over TLS: AUTH appears now
        session.login(user, password)
        session.send_message(message)


def parse_args(argv):
    parser = cli.ArgumentParser(
        description="Send an e-mail over SMTP with STARTTLS and a login. "
        f"The password is read from ${PASSWORD_ENV} if set, else prompted for.",
    )
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    cli.add_timeout(parser)
    parser.add_argument(
        "--cafile",
        type=cli.existing_file,
        help="CA certificate(s) to verify the server with (default: system CAs)",
    )
    parser.add_argument("--user", help="login name (default: the sender address)")
    add_message_options(parser)
    tls = parser.add_mutually_exclusive_group()
    tls.add_argument(
        "--no-starttls", action="store_true", help="log in without STARTTLS (to see it refused)"
    )
    tls.add_argument(
        "--implicit-tls", action="store_true", help="TLS from the first byte (port 465 style)"
    )
    args = parser.parse_args(argv)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        context = tls_context(args.cafile)
    except ssl.SSLError as exc:
        return cli.error(f"--cafile {args.cafile}: not a CA certificate ({exc})", cli.USAGE)
    try:
        message = compose(args)
        password = cli.read_password("Password: ", PASSWORD_ENV)
    except ComposeError as exc:
        return cli.error(str(exc), cli.USAGE)
    except (EOFError, KeyboardInterrupt):
        return cli.error("no answer to the password prompt (or set $MAIL_PASSWORD)", cli.USAGE)
    try:
        send_secure(
            message,
            args.host,
            args.port,
            args.user or str(message["From"]),
            password,
            context,
            args.timeout,
            starttls=not args.no_starttls,
            implicit_tls=args.implicit_tls,
            debug=args.debug,
        )
    except (smtplib.SMTPException, OSError) as exc:
        return send_failed(exc, args.port)
    print(f"Your email is sent to {message['To']}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
