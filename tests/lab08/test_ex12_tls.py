"""Exercise 12: the chat server over TLS; certificates from trustme, made per test."""

import re
import socket
import ssl

import pytest
import trustme

from tincanchat import Framer, format_line, prep_msg

from .conftest import TIMEOUT


class TlsClient:
    """A blocking TLS chat client; the handshake happens in the constructor."""

    def __init__(self, port: int, context: ssl.SSLContext) -> None:
        raw = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        try:
            self.sock = context.wrap_socket(raw, server_hostname="127.0.0.1")
        except BaseException:
            raw.close()
            raise
        self.addr = self.sock.getsockname()[:2]
        self.framer, self.inbox = Framer(), []

    def send(self, msg: str) -> None:
        self.sock.sendall(prep_msg(msg))

    def recv(self) -> str:
        while not self.inbox:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("closed by the server")
            self.inbox += self.framer.feed(chunk)
        return self.inbox.pop(0)

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def tls(exercise, start_chat_server, tmp_path):
    """(server, context trusting the test CA); the CA and certificate live in tmp_path."""
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    cert.private_key_pem.write_to_path(tmp_path / "server.key")
    cert.cert_chain_pems[0].write_to_path(tmp_path / "server.pem")
    for pem in cert.cert_chain_pems[1:]:
        with open(tmp_path / "server.pem", "ab") as chain:
            chain.write(pem.bytes())
    chat = start_chat_server(
        exercise.path("chat_tls.py"),
        *("--cert", str(tmp_path / "server.pem"), "--key", str(tmp_path / "server.key")),
    )
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return chat, context


def tls_clients(chat, context, count: int) -> list[TlsClient]:
    clients = []
    try:
        for _ in range(count):
            clients.append(TlsClient(chat.port, context))
            chat.log_line(rf"^Connection from {re.escape(repr(clients[-1].addr))}$")
    except BaseException:
        for client in clients:
            client.close()
        raise
    return clients


def round_trip(chat, context) -> None:
    alice, bob = tls_clients(chat, context, 2)
    try:
        alice.send("over TLS")
        assert alice.recv() == bob.recv() == format_line(alice.addr, "over TLS")
    finally:
        alice.close()
        bob.close()


@pytest.mark.points(2)
def test_a_tls_client_round_trips(tls):
    round_trip(*tls)


@pytest.mark.points(2)
def test_plaintext_and_untrusting_clients_fail_and_the_server_serves_on(tls):
    chat, context = tls
    (watcher,) = tls_clients(chat, context, 1)
    try:
        with socket.create_connection(("127.0.0.1", chat.port), timeout=TIMEOUT) as plain:
            plain.sendall(prep_msg("in clear"))
            try:
                reply = plain.recv(4096)
            except (ConnectionError, TimeoutError):
                reply = b""
            assert b"in clear" not in reply, "a plaintext client was served"
        untrusting = ssl.create_default_context()  # the system's CAs, not the test CA
        with pytest.raises(ssl.SSLCertVerificationError):
            TlsClient(chat.port, untrusting)
        watcher.send("still here")
        assert watcher.recv() == format_line(watcher.addr, "still here")  # not "in clear"
    finally:
        watcher.close()
    round_trip(chat, context)
    assert chat.alive()
