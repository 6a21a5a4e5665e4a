"""Read mail over IMAP: log in, open the Inbox, search it, print one message.

Follows "Retrieving e-mails by using IMAP with imaplib" in chapter 4 of the book, which
connected to Gmail with ``imaplib.IMAP4_SSL``. Here the server is the lab's own dovecot
(``python mail_store.py`` in another terminal), on port 8993 with TLS from the first
byte (IMAPS; the standard port is 993). IMAP keeps the mail on the server, in folders,
with flags such as ``\\Seen`` (read) and ``\\Deleted``: the client looks, the server keeps.

Run it::

    python fetch_email_imap.py --cafile ca.pem             # asks for the password
    MAIL_PASSWORD=secret python fetch_email_imap.py --cafile ca.pem --number 3
    MAIL_PASSWORD=secret python fetch_email_imap.py --cafile ca.pem --mark-seen

Differences from the book: the book fetched ``(RFC822)``, which quietly marks the
message as read (``\\Seen``), like opening it in a mail program. This script fetches
``BODY.PEEK[]``, the same bytes without touching the flags; ``--mark-seen`` does what
the book did. It also prints the Subject, and the message's flags after the fetch,
so you can see the difference (``\\Recent`` only means this is the first session to
see the message). The TLS certificate is verified against ``--cafile``, every wait has
a timeout, and errors are one line on stderr (the password prompt and the error
lines come from ``fetch_email_pop3.py``).
"""

from __future__ import annotations

import email
import email.policy
import imaplib
import pprint
import ssl
import sys

from fetch_email_pop3 import ask_password, connection_failed

from labkit import cli

DEFAULT_PORT = 8993


def connect(host: str, port: int, cafile: str | None, timeout: float) -> imaplib.IMAP4_SSL:
    """Open an IMAPS connection whose certificate is checked against ``cafile``."""
    context = ssl.create_default_context(cafile=cafile)
    return imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=timeout)


def message_numbers(mailbox: imaplib.IMAP4) -> list[bytes]:
    """Every message number of the selected folder: SEARCH answers [b'1 2 3']."""
    typ, data = mailbox.search(None, "ALL")
    return data[0].split()


def fetch(mailbox: imaplib.IMAP4, number: bytes, mark_seen: bool = False) -> bytes:
    """The whole message ``number``; only with ``mark_seen`` does it become \\Seen."""
    what = "(RFC822)" if mark_seen else "(BODY.PEEK[])"
    typ, data = mailbox.fetch(number, what)
    # data is [(b'1 (BODY[] {1234}', b'the message...'), b')']
    return data[0][1]


def subject(raw: bytes) -> str:
    """The decoded Subject header of a raw message."""
    return str(email.message_from_bytes(raw, policy=email.policy.default)["Subject"])


def flags(mailbox: imaplib.IMAP4, number: bytes) -> bytes:
    """The flags of message ``number``, as the server prints them, e.g. b'(\\Seen)'."""
    typ, data = mailbox.fetch(number, "(FLAGS)")
    # data is [b'1 (FLAGS (\\Seen))']
    return data[0].split(b"FLAGS ", 1)[1][:-1]


def parse_args(argv):
    parser = cli.ArgumentParser(
        description="Log in to an IMAPS server, search the Inbox and print one message. "
        "The password comes from the environment variable MAIL_PASSWORD, or is asked for "
        "(or read from standard input when that is not a terminal)."
    )
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument(
        "--cafile", type=cli.existing_file, help="CA certificate to verify the server with"
    )
    parser.add_argument("--user", default="student", help="mailbox user (default: student)")
    parser.add_argument("--number", type=int, default=1, help="which message to print (default: 1)")
    parser.add_argument(
        "--mark-seen",
        action="store_true",
        help="fetch (RFC822) as the book does, which marks the message \\Seen",
    )
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    if args.number < 1:
        parser.error(f"--number counts from 1, not {args.number}")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    password = ask_password(args.user)
    if not password:
        return cli.error("no password given (set MAIL_PASSWORD or type it when asked)")
    try:
        mailbox = connect(args.host, args.port, args.cafile, args.timeout)
        try:
            mailbox.login(args.user, password)
            mailbox.select("Inbox")
            numbers = message_numbers(mailbox)
            wanted = str(args.number).encode()
            if wanted not in numbers:
                return cli.error(f"no message {args.number} in the Inbox ({len(numbers)} there)")
            raw = fetch(mailbox, wanted, args.mark_seen)
            output = [
                f"Message: {wanted}",
                f"Subject: {subject(raw)}",
                pprint.pformat(raw),
                f"Flags now: {flags(mailbox, wanted).decode()}",
            ]
            mailbox.close()
        finally:
            mailbox.logout()
    except imaplib.IMAP4.error as exc:
        return cli.error(f"IMAP server said: {imap_reason(exc)}")
    except OSError as exc:
        return connection_failed(exc, args.host, args.port)
    return cli.print_output("\n".join(output))  # `| head` is not an error


def imap_reason(exc: imaplib.IMAP4.error) -> str:
    """imaplib puts the server's bytes in the message: "b'[AUTHENTICATIONFAILED] ...'"."""
    reason = exc.args[0] if exc.args else str(exc)
    if isinstance(reason, bytes):
        reason = reason.decode(errors="replace")
    if reason.startswith(("b'", 'b"')):
        reason = reason[2:-1]
    return reason


if __name__ == "__main__":
    sys.exit(main())
