"""Mail your log: a logging handler that collects records and sends them as one e-mail.

Follows "Sending e-mails via the logging module" in chapter 4. The standard library's
``SMTPHandler`` sends one mail per record, and wrapping it in a ``MemoryHandler`` does not
help (the memory handler passes the records on one by one: 4 records, 4 mails). The
book's answer is a ``BufferingHandler`` whose ``flush`` mails the whole buffer at once.
Its listing does not parse (``flush`` appears twice, a stray brace); this is the rebuilt
handler:

- ``emit`` (inherited) appends each record to ``self.buffer`` and calls ``flush`` once
  ``capacity`` records are waiting; closing the handler (``logging.shutdown()`` at exit)
  flushes the rest;
- ``flush`` formats the records, one per line, sends them as one message over SMTP and
  empties the buffer, holding the handler's lock so two threads cannot mail the same
  records twice;
- a logging handler must never raise: a failure goes to ``handleError``. The book passes
  it ``None``; here it keeps the exception so that ``main`` can report it in one line.

Still missing, on purpose (exercise 8 in ``exercises/mail_handler.py``): STARTTLS, a
login, and the Date and Message-ID headers that a real mail should carry.

Start the lab's server, then log four lines::

    python smtp_server.py                  # in another terminal (port 8025)
    python logger_mail_send.py --to student@lab.test
"""

from __future__ import annotations

import logging
import logging.handlers
import smtplib
import sys
from email.message import EmailMessage

from smtp_mail_sender import describe_smtp_error

from labkit import cli

DEFAULT_PORT = 8025
LINE_FORMAT = "%(asctime)s %(levelname)-5s %(message)s"


class BufferingSMTPHandler(logging.handlers.BufferingHandler):
    """Buffer up to ``capacity`` records, then mail them all in one message."""

    def __init__(
        self,
        mailhost: str,
        fromaddr: str,
        toaddrs: list[str],
        subject: str,
        capacity: int = 10,
        port: int = 25,
        timeout: float = 5.0,
    ):
        super().__init__(capacity)
        self.mailhost, self.port, self.timeout = mailhost, port, timeout
        self.fromaddr, self.toaddrs, self.subject = fromaddr, toaddrs, subject
        self.setFormatter(logging.Formatter(LINE_FORMAT))
        self.error: Exception | None = None  # the last failure, for the caller

    def flush(self) -> None:
        with self.lock:  # the same lock emit() holds: no record is mailed twice
            if not self.buffer:
                return
            try:
                message = EmailMessage()
                message["From"] = self.fromaddr
                message["To"] = ", ".join(self.toaddrs)
                message["Subject"] = self.subject
                message.set_content("\r\n".join(self.format(record) for record in self.buffer))
                with smtplib.SMTP(self.mailhost, self.port, timeout=self.timeout) as smtp:
                    smtp.send_message(message)
            except Exception:
                self.handleError(None)
            finally:
                self.buffer.clear()  # sent or not, these records are done

    def handleError(self, record) -> None:
        # logging's default prints a traceback on stderr; keep the error instead.
        self.error = sys.exc_info()[1]


def parse_args(argv):
    parser = cli.ArgumentParser(description="Log four lines; they arrive as one e-mail.")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    cli.add_timeout(parser)
    parser.add_argument("--from", dest="sender", default="logger@lab.test", help="sender")
    parser.add_argument(
        "--to",
        action="append",
        metavar="ADDRESS",
        help="recipient (repeatable; default: student@lab.test)",
    )
    parser.add_argument("--subject", default="Test logging e-mail", help="subject line")
    parser.add_argument("--capacity", type=int, default=10, help="records per e-mail (default: 10)")
    args = parser.parse_args(argv)
    if args.capacity < 1:
        parser.error("--capacity must be at least 1")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    recipients = args.to or ["student@lab.test"]
    handler = BufferingSMTPHandler(
        args.host,
        args.sender,
        recipients,
        args.subject,
        capacity=args.capacity,
        port=args.port,
        timeout=args.timeout,
    )
    logger = logging.getLogger("lab04.mail")
    logger.setLevel(logging.INFO)
    logger.propagate = False  # these records go to the mail handler only
    logger.addHandler(handler)
    try:
        for word in ("First", "Second", "Third", "Fourth"):
            logger.info("%s line of log", word)
        handler.close()  # flushes what is left: the book calls logging.shutdown()
    finally:
        logger.removeHandler(handler)
    if handler.error is not None:
        problem = describe_smtp_error(handler.error)
        return cli.error(cli.with_hint(problem, f"is smtp_server.py running on {args.port}?"))
    print(f"Sent the log records to {', '.join(recipients)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
