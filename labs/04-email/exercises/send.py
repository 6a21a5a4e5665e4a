"""Exercise 3: one send() for every kind of SMTP server.

``smtp_mail_sender.py`` talks plain SMTP; ``smtp_mail_sender_tls.py`` does STARTTLS and
a login. Write one :func:`send` that does whichever the arguments ask for:

1. connect with ``smtplib.SMTP(host, port, timeout=timeout)`` and say ``ehlo()``;
2. if ``starttls`` is true: ``starttls(context=...)`` with a context from
   ``ssl.create_default_context(cafile=cafile)``, so the server's certificate is
   **verified** (``cafile=None`` means the system's CAs), then ``ehlo()`` again;
3. if ``creds`` is a ``(user, password)`` pair: ``login(user, password)``;
4. ``send_message(message)`` and return what it returns (the refused recipients,
   normally ``{}``); close the connection in every case (``with``).

Let exceptions through: the caller decides what to print. In particular a wrong CA must
raise ``ssl.SSLCertVerificationError`` (never fall back to an unverified connection),
and ``starttls=True`` against a server without STARTTLS raises
``smtplib.SMTPNotSupportedError`` (never send the password in clear instead).

Graded (``pytest tests/lab04/test_ex3_send.py``) against aiosmtpd servers: plain
delivery; delivery after STARTTLS and login (the server sees an authenticated, encrypted
session); a wrong CA and the system CAs are refused; no STARTTLS on offer is an error;
a silent server times out within a few seconds of ``timeout``.

Try it against ``smtp_server.py --port 8587 --starttls --write-ca ca.pem --auth student:secret``::

    python send.py 127.0.0.1 8587 --starttls ../ca.pem --login student secret
"""

from __future__ import annotations

import sys
from email.message import EmailMessage


def send(
    message: EmailMessage,
    host: str,
    port: int,
    starttls: bool = False,
    cafile: str | None = None,
    creds: tuple[str, str] | None = None,
    timeout: float = 5.0,
) -> dict:
    """Send ``message``; returns the recipients the server refused (normally ``{}``)."""
    # TODO (exercise 3): SMTP, ehlo, maybe starttls + ehlo, maybe login, send_message.
    raise NotImplementedError("exercise 3: write send()")


def main(argv: list[str] | None = None) -> int:
    """Send a short test message: HOST PORT [--starttls CAFILE] [--login USER PASSWORD]."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2:
        print(
            "usage: send.py HOST PORT [--starttls CAFILE] [--login USER PASSWORD]", file=sys.stderr
        )
        return 2
    host, port, *rest = args
    starttls, cafile, creds = False, None, None
    if "--starttls" in rest:
        starttls, cafile = True, rest[rest.index("--starttls") + 1]
    if "--login" in rest:
        i = rest.index("--login")
        creds = (rest[i + 1], rest[i + 2])
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "me@lab.test", "you@lab.test", "Test"
    message.set_content("Sent by exercises/send.py\n")
    refused = send(message, host, int(port), starttls, cafile, creds)
    print("sent" if not refused else f"refused: {refused}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
