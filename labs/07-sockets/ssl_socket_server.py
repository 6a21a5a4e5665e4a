"""A TLS server: the time-honoured "200 OK" for every client that completes a handshake.

Follows listing 7_9 of the book (``7_9_ssl_socket_server.py``): accept a TCP
connection, wrap it in TLS as the server side, read the client's request, answer
``200 OK``. The certificate and its private key come from ``make_certs.py``: a server
certificate signed by the lab CA, for ``localhost`` and ``127.0.0.1``.

Run it (``python make_certs.py`` first), then ``python ssl_socket_client.py``::

    python ssl_socket_server.py                  # Listening on 127.0.0.1:8000
    python ssl_socket_server.py --once           # the book's behaviour: one client, exit
    python ssl_socket_server.py --max-tls 1.2    # to watch a TLS 1.2 handshake (Inspect it)

Changes from the book: ``ssl.wrap_socket`` is gone in Python 3.12; an ``SSLContext``
for ``PROTOCOL_TLS_SERVER`` wraps each accepted connection instead, and negotiates
TLS 1.2 or 1.3 (the book's ``PROTOCOL_TLSv1`` has no ciphers left in OpenSSL 3). A
client that fails the handshake (plaintext, an old TLS version, a client that hangs
up) is reported in one line and the server waits for the next one.
"""

from __future__ import annotations

import socket
import ssl
import sys
from pathlib import Path

from labkit import cli, server

DEFAULT_PORT = 8000
CERTS = Path(__file__).resolve().parent / "certs"
REPLY = b"200 OK\r\n\r\n"
VERSIONS = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}


def make_context(cert: Path, key: Path, max_version: str | None = None) -> ssl.SSLContext:
    """A server context with our certificate; TLS 1.2 is the minimum (OpenSSL's default)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if max_version:
        context.maximum_version = VERSIONS[max_version]
    context.load_cert_chain(cert, key)
    return context


def tls_reason(exc: BaseException) -> str:
    """``[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1000)`` -> the middle."""
    if isinstance(exc, ssl.SSLError) and exc.reason:
        return exc.reason.replace("_", " ").lower()
    return cli.describe_error(exc)


def serve_client(conn: socket.socket, context: ssl.SSLContext) -> bytes:
    """Handshake, read one request, send REPLY; return the request."""
    with context.wrap_socket(conn, server_side=True) as tls:
        print(f"TLS handshake done: {tls.version()}, {tls.cipher()[0]}", flush=True)
        request = tls.recv(1024)
        print(repr(request), flush=True)
        tls.sendall(REPLY)
    return request


def serve(listener, context, timeout: float, once: bool = False) -> None:
    while True:
        print(f"Waiting for ssl client on port {listener.getsockname()[1]}", flush=True)
        conn, address = listener.accept()
        conn.settimeout(timeout)
        try:
            serve_client(conn, context)
        except (ssl.SSLError, OSError) as exc:
            print(f"Client {address[0]}:{address[1]} failed: {tls_reason(exc)}", flush=True)
            conn.close()
            continue
        if once:
            print("Served ssl client. Exiting...", flush=True)
            return
        print("Served ssl client.", flush=True)


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="A TLS server that answers 200 OK.")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument("--cert", type=Path, default=CERTS / "server.pem", help="certificate chain")
    parser.add_argument("--key", type=Path, default=CERTS / "server.key", help="its private key")
    parser.add_argument("--max-tls", choices=VERSIONS, help="highest TLS version to offer")
    parser.add_argument("--once", action="store_true", help="exit after serving one client")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    for path in (args.cert, args.key):
        if not path.is_file():
            return cli.error(f"no {path}: run python make_certs.py first")
    try:
        context = make_context(args.cert, args.key, args.max_tls)
    except ssl.SSLError as exc:
        return cli.error(f"cannot load {args.cert} and {args.key}: {tls_reason(exc)}")
    try:
        listener = socket.create_server((args.host, args.port))
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    server.stop_on_sigterm()
    with listener:
        try:
            server.announce(listener.getsockname())
            serve(listener, context, args.timeout, args.once)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
