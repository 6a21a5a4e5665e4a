"""SMTP fixtures for lab 04: aiosmtpd servers on 127.0.0.1 that record what they receive.

- ``smtp_server``: plain SMTP, no AUTH, any recipient (the book's Listings 1, 5 and 6);
- ``submission_server``: port-587 style, STARTTLS required, AUTH PLAIN/LOGIN for
  ``student``/``secret`` offered only after TLS (Listing 2);
- ``smtps_server``: implicit TLS from the first byte (port-465 style), same AUTH;
- ``start_smtp``: a factory for other combinations (``auth_require_tls=False``, say).

Each server listens on a free port (port 0), is stopped at the end of the test, and keeps
every message it accepted in ``server.messages`` (``Received``: envelope, parsed message
with ``policy=default``, whether the session was authenticated and encrypted).
The CA of the servers' certificates is ``smtp_cafile``; ``smtp_wrong_cafile`` is another CA.

Names exported in ``__all__`` (the lab's conftest star-imports them).
"""

from __future__ import annotations

import email
import email.policy
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "student", "secret"

__all__ = [  # fixtures only: the lab's conftest star-imports these names
    "smtp_ca",
    "smtp_cafile",
    "smtp_wrong_cafile",
    "smtp_server",
    "submission_server",
    "smtps_server",
    "start_smtp",
]


@dataclass
class Received:
    """One message an SMTP fixture accepted."""

    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    message: EmailMessage
    authenticated: bool
    login: str | None
    encrypted: bool


class RecordingHandler:
    """aiosmtpd handler: accept any recipient, keep every message."""

    def __init__(self) -> None:
        self.messages: list[Received] = []
        self.changed = threading.Condition()

    async def handle_DATA(self, server, session, envelope) -> str:
        data = envelope.original_content or envelope.content
        auth_data = getattr(session, "auth_data", None)
        login = auth_data.login.decode() if isinstance(auth_data, LoginPassword) else None
        received = Received(
            mail_from=envelope.mail_from,
            rcpt_tos=list(envelope.rcpt_tos),
            data=data,
            # Parsed as a Maildir would store it: lines end in \n, not the wire's \r\n.
            message=email.message_from_bytes(
                data.replace(b"\r\n", b"\n"), policy=email.policy.default
            ),
            authenticated=bool(session.authenticated),
            login=login,
            encrypted=server.transport.get_extra_info("ssl_object") is not None,
        )
        with self.changed:
            self.messages.append(received)
            self.changed.notify_all()
        return "250 OK: message accepted"


def authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
    """aiosmtpd authenticator: student/secret, by PLAIN or LOGIN."""
    ok = (
        mechanism in ("PLAIN", "LOGIN")
        and isinstance(auth_data, LoginPassword)
        and auth_data.login == USER.encode()
        and auth_data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


class _AnyPortController(Controller):
    """aiosmtpd's Controller, also for port 0: it learns the real port before its self-check."""

    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@dataclass
class MailServer:
    """A running SMTP fixture: ``host``, ``port``, ``messages``, ``wait_for(n)``."""

    host: str
    port: int
    handler: RecordingHandler
    controller: Controller = field(repr=False)
    tls: str = "none"  # "none", "starttls" or "implicit"

    @property
    def messages(self) -> list[Received]:
        with self.handler.changed:
            return list(self.handler.messages)

    def wait_for(self, count: int = 1, timeout: float = 5) -> list[Received]:
        """Wait until ``count`` messages arrived (fails the test after ``timeout``)."""
        with self.handler.changed:
            if not self.handler.changed.wait_for(
                lambda: len(self.handler.messages) >= count, timeout
            ):
                pytest.fail(f"expected {count} message(s), got {len(self.handler.messages)}")
            return list(self.handler.messages)


def _server_context(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


@pytest.fixture(scope="session")
def smtp_ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="session")
def smtp_cafile(smtp_ca, tmp_path_factory) -> Path:
    """The PEM file of the CA that signed the SMTP fixtures' certificates."""
    path = tmp_path_factory.mktemp("smtp-ca") / "ca.pem"
    smtp_ca.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture(scope="session")
def smtp_wrong_cafile(tmp_path_factory) -> Path:
    """A CA that signed nothing the servers use: verification against it must fail."""
    path = tmp_path_factory.mktemp("smtp-wrong-ca") / "wrong-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(path))
    return path


@pytest.fixture
def start_smtp(smtp_ca) -> Iterator:
    """``start_smtp(tls="none"|"starttls"|"implicit", auth=False, **aiosmtpd_options)``."""
    controllers: list[Controller] = []

    def start(tls: str = "none", auth: bool = False, **options) -> MailServer:
        handler = RecordingHandler()
        if tls == "starttls":
            options.setdefault("tls_context", _server_context(smtp_ca))
            options.setdefault("require_starttls", True)
        elif tls == "implicit":
            options.setdefault("ssl_context", _server_context(smtp_ca))
            # aiosmtpd only counts STARTTLS as "TLS" for auth_require_tls, and warns when
            # AUTH is required but TLS is not: offer AUTH here, without requiring it.
            options.setdefault("auth_require_tls", False)
            options.setdefault("auth_required", False)
        elif tls != "none":
            raise ValueError(f"tls must be none, starttls or implicit, not {tls!r}")
        if auth:
            options.setdefault("authenticator", authenticate)
            options.setdefault("auth_required", True)
        controller = _AnyPortController(handler, hostname="127.0.0.1", port=0, **options)
        controller.start()
        controllers.append(controller)
        return MailServer("127.0.0.1", controller.port, handler, controller, tls)

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def smtp_server(start_smtp) -> MailServer:
    """Plain SMTP: no TLS, no AUTH, any recipient."""
    return start_smtp()


@pytest.fixture
def submission_server(start_smtp) -> MailServer:
    """STARTTLS required; AUTH PLAIN/LOGIN (student/secret) offered only after TLS."""
    return start_smtp("starttls", auth=True, auth_require_tls=True)


@pytest.fixture
def smtps_server(start_smtp) -> MailServer:
    """Implicit TLS (port-465 style); AUTH offered (student/secret), not required."""
    return start_smtp("implicit", auth=True)
