"""Exercise 3: one send() for every kind of SMTP server.

Reference solution.
"""

from __future__ import annotations

import smtplib
import ssl
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
    with smtplib.SMTP(host, port, timeout=timeout) as session:
        session.ehlo()
        if starttls:
            session.starttls(context=ssl.create_default_context(cafile=cafile))
            session.ehlo()
        if creds is not None:
            session.login(*creds)
        return session.send_message(message)


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
