"""Exercise 8: a logging handler that mails its buffered records, done properly.

Reference solution.
"""

from __future__ import annotations

import logging
import logging.handlers
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

LINE_FORMAT = "%(asctime)s %(levelname)-5s %(message)s"


class MailHandler(logging.handlers.BufferingHandler):
    """Buffer up to ``capacity`` records; each flush mails them as one message."""

    def __init__(
        self,
        mailhost: tuple[str, int],
        fromaddr: str,
        toaddrs: list[str],
        subject: str,
        capacity: int = 10,
        credentials: tuple[str, str] | None = None,
        context: ssl.SSLContext | None = None,
        timeout: float = 5.0,
    ):
        super().__init__(capacity)
        self.mailhost = mailhost
        self.fromaddr, self.toaddrs, self.subject = fromaddr, list(toaddrs), subject
        self.credentials, self.context, self.timeout = credentials, context, timeout
        self.setFormatter(logging.Formatter(LINE_FORMAT))

    def build_message(self, records: list[logging.LogRecord]) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.fromaddr
        message["To"] = ", ".join(self.toaddrs)
        message["Subject"] = self.subject
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid(domain=self.fromaddr.rpartition("@")[2] or None)
        message.set_content("\n".join(self.format(record) for record in records) + "\n")
        return message

    def send(self, message: EmailMessage) -> None:
        host, port = self.mailhost
        with smtplib.SMTP(host, port, timeout=self.timeout) as session:
            session.ehlo()
            if self.context is not None:
                session.starttls(context=self.context)
                session.ehlo()
            if self.credentials is not None:
                session.login(*self.credentials)
            session.send_message(message)

    def flush(self) -> None:
        with self.lock:
            if not self.buffer:
                return
            records, self.buffer = self.buffer, []
            try:
                self.send(self.build_message(records))
            except Exception:
                self.handleError(records[-1])
