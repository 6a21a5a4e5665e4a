"""Exercise 8: a logging handler that mails its buffered records, done properly.

``logger_mail_send.py`` rebuilds the book's ``BufferingSMTPHandler``: it collects log
records and mails them as one message. It talks plain SMTP only, and its mails lack the
``Date`` and ``Message-ID`` headers every real mail carries. Finish :class:`MailHandler`,
a handler you could leave in a long-running program:

- ``flush()`` sends **one** message holding every buffered record, one formatted record
  per line (``self.format(record)``), then empties the buffer. An empty buffer sends
  nothing. ``BufferingHandler.emit`` calls ``flush`` when ``capacity`` records are
  waiting, and ``close()`` calls it for the rest;
- the message has ``From``, ``To`` (the addresses joined with ``", "``), ``Subject``,
  ``Date`` (``email.utils.formatdate``) and a fresh ``Message-ID``
  (``email.utils.make_msgid``);
- ``mailhost`` is a ``(host, port)`` pair; when ``context`` is an ``ssl.SSLContext``, say
  ``STARTTLS`` with it (then ``ehlo()`` again); when ``credentials`` is a
  ``(user, password)`` pair, log in; every connection uses ``timeout``;
- a logging handler must never raise: on any failure (server down, wrong CA, login
  refused) call ``self.handleError(record)`` with one of the records and drop the batch;
- several threads may log at once: take ``self.lock`` in ``flush`` (it is the lock
  ``Handler.handle`` holds around ``emit``) so that no record is mailed twice or lost.

Graded (``pytest tests/lab04/test_ex8_mail_handler.py``): one mail per flush with the
records in order and nothing before it; the headers; STARTTLS + login against a
submission server; no exception when the server is down or the CA is wrong (and
``handleError`` called); 8 threads logging 400 records give 40 mails holding each record
exactly once.
"""

from __future__ import annotations

import logging
import logging.handlers
import ssl
from email.message import EmailMessage

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
        """One message for ``records``: the headers and one formatted record per line."""
        # TODO (exercise 8)
        raise NotImplementedError("exercise 8: write build_message()")

    def flush(self) -> None:
        # TODO (exercise 8): under self.lock, mail the buffer (STARTTLS, login), clear it;
        # on failure call self.handleError(record) instead of raising.
        raise NotImplementedError("exercise 8: write flush()")
