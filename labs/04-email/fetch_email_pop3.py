"""Read mail over POP3: log in, count the messages, print the last one.

Follows "Receiving e-mails with POP3" in chapter 4 of the book, which connected to
Gmail with ``poplib.POP3_SSL``. Here the server is the lab's own dovecot
(``python mail_store.py`` in another terminal), on port 8995 with TLS from the first
byte (POP3S; the standard port is 995). POP3 is a download protocol: the client asks
how many messages there are (``STAT``/``LIST``), fetches them (``RETR``) and may delete
them (``DELE``); the server keeps no folders and no read/unread state worth the name.

Run it::

    python fetch_email_pop3.py --cafile ca.pem            # asks for the password
    MAIL_PASSWORD=secret python fetch_email_pop3.py --cafile ca.pem

Differences from the book: the book's ``len(mailbox.list())[1]`` raises a TypeError
(it takes the length of a tuple, then indexes an int); the count is
``len(mailbox.list()[1])``. The TLS certificate is verified against ``--cafile``
(``poplib`` does not verify unless it is given a context). Errors are one line on stderr.
"""

from __future__ import annotations

import poplib
import ssl
import sys

from labkit import cli

DEFAULT_PORT = 8995
STORE_HINT = "is the mail store running? start it with: python mail_store.py"


def connect(host: str, port: int, cafile: str | None, timeout: float) -> poplib.POP3_SSL:
    """Open a POP3S connection whose certificate is checked against ``cafile``."""
    context = ssl.create_default_context(cafile=cafile)
    return poplib.POP3_SSL(host, port, context=context, timeout=timeout)


def count_messages(mailbox: poplib.POP3) -> int:
    """How many messages: LIST answers (response, [b'1 523', b'2 1240', ...], size)."""
    return len(mailbox.list()[1])


def fetch_last(mailbox: poplib.POP3) -> list[bytes]:
    """The last message, as its lines (bytes, without line ends); [] for an empty mailbox."""
    count = count_messages(mailbox)
    if count == 0:
        return []
    response, lines, size = mailbox.retr(count)
    return lines


def ask_password(user: str) -> str:
    """$MAIL_PASSWORD, else the answer to a prompt; "" when there is neither."""
    try:
        return cli.read_password(f"Password for {user}: ", "MAIL_PASSWORD")
    except (EOFError, KeyboardInterrupt):
        return ""


def connection_failed(exc: OSError, host: str, port: int) -> int:
    """Print why the connection or TLS failed, as one line; return the exit status."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return cli.error(cli.describe_error(exc))
    if isinstance(exc, ssl.SSLError):
        return cli.error(f"TLS failed: {exc.reason or exc}")
    reason = cli.with_hint(cli.describe_error(exc), STORE_HINT)
    return cli.error(f"cannot read mail from {host}:{port}: {reason}")


def parse_args(argv):
    parser = cli.ArgumentParser(
        description="Log in to a POP3S server, count the messages and print the last one. "
        "The password comes from the environment variable MAIL_PASSWORD, or is asked for "
        "(or read from standard input when that is not a terminal)."
    )
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument(
        "--cafile", type=cli.existing_file, help="CA certificate to verify the server with"
    )
    parser.add_argument("--user", default="student", help="mailbox user (default: student)")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    password = ask_password(args.user)
    if not password:
        return cli.error("no password given (set MAIL_PASSWORD or type it when asked)")
    try:
        mailbox = connect(args.host, args.port, args.cafile, args.timeout)
        try:
            mailbox.user(args.user)
            mailbox.pass_(password)
            output = [f"Total emails: {count_messages(mailbox)}", "Getting last message"]
            # each line as bytes, as the book shows them: b'Subject: ...'
            output += [repr(line) for line in fetch_last(mailbox)]
        finally:
            mailbox.quit()
    except poplib.error_proto as exc:
        return cli.error(f"POP3 server said: {exc.args[0].decode(errors='replace')}")
    except OSError as exc:
        return connection_failed(exc, args.host, args.port)
    return cli.print_output("\n".join(output))  # `| head` is not an error


if __name__ == "__main__":
    sys.exit(main())
