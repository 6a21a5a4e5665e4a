"""The lab's own SMTP server: accepts any mail, prints one line per message.

Every sending script of lab 04 needs a server to talk to. The book suggests
``python -m smtpd -n -c DebuggingServer``; the ``smtpd`` module was removed in Python 3.12,
and its successor is `aiosmtpd <https://aiosmtpd.aio-libs.org>`_. This script runs an
aiosmtpd server on 127.0.0.1 that accepts every recipient (it relays nothing: the mail
stops here) and prints ``From ... to ...: Subject`` for each message.

Options make it a submission server like the ones mail clients use:

- ``--starttls`` offers STARTTLS and refuses mail before it. The certificate comes from
  ``--cert``/``--key``, or is made up on the spot by a throwaway CA whose certificate is
  written to ``--write-ca FILE`` (give that file to the clients' ``--cafile``);
- ``--auth USER:PASSWORD`` requires a login (AUTH PLAIN or LOGIN); with ``--starttls``,
  AUTH is offered only on the encrypted connection;
- ``--maildir DIR`` also stores each message in a Maildir (``new/`` holds one file per
  message), which the lab's dovecot (``mail_store.py``) can serve over POP3 and IMAP.

Run it in its own terminal, stop it with Ctrl-C::

    python smtp_server.py                                      # plain SMTP on 8025
    python smtp_server.py --port 8587 --starttls --write-ca ca.pem --auth student:secret
"""

from __future__ import annotations

import argparse
import email
import email.policy
import logging
import mailbox
import ssl
import sys
import threading
import warnings
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from labkit import cli, server

DEFAULT_PORT = 8025


class PrintingHandler:
    """aiosmtpd handler: print a summary of each message, maybe store it in a Maildir."""

    def __init__(self, maildir: Path | None = None):
        self.maildir = mailbox.Maildir(maildir) if maildir else None

    async def handle_DATA(self, smtp, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        if self.maildir is not None:
            self.maildir.add(envelope.content)  # a new file in DIR/new/
        recipients = ", ".join(envelope.rcpt_tos)
        subject = message.get("Subject", "(no subject)")
        print(f"From {envelope.mail_from} to {recipients}: {subject}", flush=True)
        return "250 OK: message accepted"


def make_authenticator(user: str, password: str):
    """An aiosmtpd authenticator that accepts one user name and password."""

    def authenticate(smtp, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == user.encode()
            and auth_data.password == password.encode()
        )
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    return authenticate


def server_context(cert: str | None, key: str | None, write_ca: Path | None) -> ssl.SSLContext:
    """The server's TLS context: the given certificate, or one from a fresh trustme CA."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    if cert is not None:
        context.load_cert_chain(cert, key)
        return context
    import trustme  # only needed for a made-up certificate

    ca = trustme.CA(organization_name="Lab 04 throwaway CA")
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    ca.cert_pem.write_to_path(str(write_ca))
    return context


class OneLineFormatter(logging.Formatter):
    """aiosmtpd logs a client's failure (a TLS handshake it aborted...) with a traceback:
    print its last cause in one line instead."""

    def format(self, record: logging.LogRecord) -> str:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            cause = exc.__cause__ or exc
            text += f": {type(cause).__name__}: {cause}"
        return text


def quiet_aiosmtpd_logging() -> None:
    """aiosmtpd's warnings and errors as one line each on stderr."""
    handler = logging.StreamHandler()
    handler.setFormatter(OneLineFormatter())
    log = logging.getLogger("mail.log")  # aiosmtpd's logger
    log.addHandler(handler)
    log.propagate = False
    # aiosmtpd 1.4 warns about its own use of Session.login_data: not our code.
    warnings.filterwarnings("ignore", "Session.login_data", DeprecationWarning)


class AnyPortController(Controller):
    """aiosmtpd's Controller, also with ``port=0``: it learns the real port before its check."""

    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def credentials(text: str) -> tuple[str, str]:
    """argparse type: ``USER:PASSWORD``."""
    user, sep, password = text.partition(":")
    if not (user and sep and password):
        raise argparse.ArgumentTypeError(f"expected USER:PASSWORD, not {text!r}")
    return user, password


def parse_args(argv):
    parser = cli.ArgumentParser(description="A local SMTP server that prints what it receives.")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument("--starttls", action="store_true", help="offer (and require) STARTTLS")
    parser.add_argument(
        "--cert", type=cli.existing_file, help="server certificate (PEM) for --starttls"
    )
    parser.add_argument("--key", type=cli.existing_file, help="its private key (PEM)")
    parser.add_argument(
        "--write-ca", type=Path, metavar="FILE", help="make a throwaway CA, write its cert here"
    )
    parser.add_argument(
        "--auth", type=credentials, metavar="USER:PASSWORD", help="require this login"
    )
    parser.add_argument("--maildir", type=Path, metavar="DIR", help="also store mail here")
    args = parser.parse_args(argv)
    if args.starttls and not (args.cert or args.write_ca):
        parser.error("--starttls needs --cert and --key, or --write-ca FILE")
    if (args.cert or args.key or args.write_ca) and not args.starttls:
        parser.error("--cert, --key and --write-ca go with --starttls")
    if args.cert and args.write_ca:
        parser.error("give either --cert/--key or --write-ca, not both")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    options = {}
    try:
        if args.starttls:
            context = server_context(args.cert, args.key, args.write_ca)
            options.update(tls_context=context, require_starttls=True)
        handler = PrintingHandler(args.maildir)
    except (OSError, ssl.SSLError) as exc:
        return cli.error(f"cannot set up the server: {cli.describe_error(exc)}")
    if args.auth:
        options.update(
            authenticator=make_authenticator(*args.auth),
            auth_required=True,
            auth_require_tls=args.starttls,  # without TLS, AUTH travels in clear text
        )
    quiet_aiosmtpd_logging()
    controller = AnyPortController(handler, hostname=args.host, port=args.port, **options)
    server.stop_on_sigterm()
    started = False
    try:
        try:
            controller.start()
        except OSError as exc:
            where = f"{args.host}:{args.port}"
            return cli.error(f"cannot listen on {where}: {cli.describe_error(exc)}")
        started = True
        server.announce((args.host, controller.port))
        threading.Event().wait()  # the server runs in its own thread; wait for Ctrl-C
    except KeyboardInterrupt:
        pass
    finally:
        if started:
            controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
