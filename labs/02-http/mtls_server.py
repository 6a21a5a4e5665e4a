"""An HTTPS server that demands a client certificate (mutual TLS).

In ordinary HTTPS only the server proves who it is. With a *client certificate* the
client proves it too, during the same TLS handshake: the server's SSL context has
``verify_mode = ssl.CERT_REQUIRED`` and trusts one certificate authority, so a client
that presents no certificate, or one from another authority, never gets to send its
HTTP request. Cory Benfield's requests talk (doc 001) shows the client side in one line,
``requests.get(url, cert=('cert.crt', 'cert.key'))``; this is the other side of it, for
``client_cert.py`` and exercise 12.

At startup the server makes a throwaway certificate authority with trustme, a server
certificate for 127.0.0.1 and localhost, and a client certificate whose subject
common name (CN) is ``--client-name``. It answers every GET with ``hello <CN>``, the
name in the certificate the client presented and the server verified.

Run it, writing the CA and the client's certificate (with its key) for the client::

    python mtls_server.py --port 8444 --write-ca ca.pem --write-client-cert client.pem
    python client_cert.py https://127.0.0.1:8444/ --cafile ca.pem --cert client.pem

Tests import :class:`MTLSServer`, the same server in a background thread on port 0.
"""

from __future__ import annotations

import socket
import ssl
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import trustme

from labkit import cli, server

DEFAULT_PORT = 8444
HANDSHAKE_TIMEOUT = 5.0


def make_ca() -> trustme.CA:
    """A throwaway certificate authority that signs both the server's and the client's."""
    return trustme.CA(organization_name="Network Labs mTLS CA")


def issue_client_cert(ca: trustme.CA, name: str) -> trustme.LeafCert:
    """A client certificate: subject ``CN=name``, signed by ``ca``."""
    return ca.issue_cert(f"{name}@lab.test", common_name=name)


def server_context(ca: trustme.CA) -> ssl.SSLContext:
    """The server side: present a certificate, and require and verify the client's."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    ca.configure_trust(context)  # the only authority whose client certificates we accept
    context.verify_mode = ssl.CERT_REQUIRED
    return context


def common_name(peercert: dict) -> str | None:
    """The subject CN of a certificate as ``SSLSocket.getpeercert()`` returns it."""
    for rdn in peercert.get("subject", ()):
        for key, value in rdn:
            if key == "commonName":
                return value
    return None


class HelloHandler(BaseHTTPRequestHandler):
    def setup(self) -> None:
        # The handshake runs here, in this client's thread, with a timeout: a client that
        # connects and never speaks TLS cannot hold up the others.
        self.request.settimeout(HANDSHAKE_TIMEOUT)
        try:
            self.request.do_handshake()
        except ssl.SSLError:
            self.linger()
            raise
        super().setup()

    def linger(self) -> None:
        """After refusing a client, let it read our TLS alert before the socket closes.

        With TLS 1.3 the client believes the handshake is over and sends its request
        before it learns it was refused. Closing at once could make the kernel answer
        that request with a reset, and the client would see "connection reset" or "EOF"
        instead of the alert; so stop sending, and read until the client hangs up.
        """
        try:
            self.request.shutdown(socket.SHUT_WR)  # leaves TLS; the alert has been sent
            self.request.settimeout(1.0)
            while self.request.recv(4096):
                pass
        except OSError:
            pass

    def do_GET(self) -> None:
        name = common_name(self.connection.getpeercert())
        body = f"hello {name}\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)


class MTLSHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, context: ssl.SSLContext, quiet: bool = False):
        self.quiet = quiet
        self.handshake_errors: list[str] = []  # one line per refused client, for tests
        super().__init__(address, HelloHandler)
        # Wrap the listening socket: every accepted connection is a TLS connection whose
        # handshake waits until the handler's setup() (not in the accept loop).
        self.socket = context.wrap_socket(
            self.socket, server_side=True, do_handshake_on_connect=False
        )

    def handle_error(self, request, client_address) -> None:
        # A client without a valid certificate is refused; say so in one line and go on.
        exc = sys.exc_info()[1]
        if isinstance(exc, (ssl.SSLError, ConnectionError, TimeoutError, socket.timeout)):
            message = f"client {client_address[0]}:{client_address[1]} refused: {exc}"
            self.handshake_errors.append(message)
            if not self.quiet:
                print(message, file=sys.stderr, flush=True)
            return
        super().handle_error(request, client_address)


class MTLSServer:
    """The server in a background thread, for tests::

    with MTLSServer() as srv:
        requests.get(srv.url, verify=srv.ca_path, cert=srv.client_cert_path, timeout=5)
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, client_name: str = "student"):
        self.ca = make_ca()
        self.client_name = client_name
        self._tmp = tempfile.TemporaryDirectory(prefix="mtls-")
        folder = Path(self._tmp.name)
        self.ca_path = str(folder / "ca.pem")
        self.client_cert_path = str(folder / "client.pem")  # certificate and key
        self.ca.cert_pem.write_to_path(self.ca_path)
        write_client_cert(issue_client_cert(self.ca, client_name), self.client_cert_path)
        self.server = MTLSHTTPServer((host, port), server_context(self.ca), quiet=True)
        self.port = self.server.server_address[1]
        self.url = f"https://{host}:{self.port}/"
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def handshake_errors(self) -> list[str]:
        return self.server.handshake_errors

    def __enter__(self) -> MTLSServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(5)
        self._tmp.cleanup()


def write_client_cert(cert: trustme.LeafCert, path: str | Path) -> None:
    """One PEM file with the client's certificate chain and its private key."""
    with open(path, "wb") as out:
        for blob in cert.cert_chain_pems:
            out.write(blob.bytes())
        out.write(cert.private_key_pem.bytes())


def parse_args(argv):
    parser = cli.ArgumentParser(
        description="An HTTPS server that requires a client certificate (mutual TLS)."
    )
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument(
        "--write-ca", metavar="FILE", type=Path, help="write the CA certificate (PEM) here"
    )
    parser.add_argument(
        "--write-client-cert",
        metavar="FILE",
        type=Path,
        help="write a client certificate and its key (one PEM file) here",
    )
    parser.add_argument(
        "--client-name", default="student", help="the CN of that client certificate"
    )
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    ca = make_ca()
    try:
        if args.write_ca:
            ca.cert_pem.write_to_path(str(args.write_ca))
        if args.write_client_cert:
            write_client_cert(issue_client_cert(ca, args.client_name), args.write_client_cert)
    except OSError as exc:
        return cli.error(f"cannot write {exc.filename}: {cli.describe_error(exc)}")
    try:
        httpd = MTLSHTTPServer((args.host, args.port), server_context(ca), quiet=args.quiet)
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    return server.serve_until_stopped(httpd)


if __name__ == "__main__":
    sys.exit(main())
