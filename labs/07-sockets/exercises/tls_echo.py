"""Exercise 6: a TLS echo server, TLS 1.2 at least, with optional client certificates.

Write ``make_server_context(cert, key, client_ca=None)``:

- a server context (``ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)``) that loads the
  certificate chain and its key;
- TLS 1.2 as the minimum version (``minimum_version``): a client that offers only
  TLS 1.1 or older must fail the handshake;
- with ``client_ca``: mutual TLS. Require a client certificate (``verify_mode =
  ssl.CERT_REQUIRED``) signed by that CA (``load_verify_locations``); a client
  without one is refused during the handshake.

The server itself is provided (a thread per client; each one's bytes are echoed until
it closes); its errors are logged in one line and it keeps serving.

    python exercises/tls_echo.py --port 8443 --cert certs/server.pem --key certs/server.key
    python exercises/tls_echo.py --port 8443 --cert certs/server.pem \\
        --key certs/server.key --client-ca certs/ca.pem

Graded (``pytest tests/lab07/test_ex6_tls_echo.py``), by running the script: an echo
round trip over TLS 1.3 and over TLS 1.2; a client capped at TLS 1.1 fails while a
TLS 1.2 client succeeds; with ``--client-ca``, a client without a certificate is
refused and one with the CA-issued ``client.pem`` is served.
"""

from __future__ import annotations

import socket
import ssl
import sys
import threading

from labkit import cli, server


def make_server_context(cert: str, key: str, client_ca: str | None = None) -> ssl.SSLContext:
    """The server's TLS context: our certificate, TLS >= 1.2, optional client auth."""
    # TODO (exercise 6)
    raise NotImplementedError("exercise 6: write make_server_context()")


def echo_client(conn: socket.socket, context: ssl.SSLContext, timeout: float) -> None:
    conn.settimeout(timeout)
    try:
        with context.wrap_socket(conn, server_side=True) as tls:
            while data := tls.recv(65536):
                tls.sendall(data)
    except (ssl.SSLError, OSError) as exc:
        print(f"client failed: {exc}", flush=True)
    finally:
        conn.close()


def serve(listener: socket.socket, context: ssl.SSLContext, timeout: float = 10.0) -> None:
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=echo_client, args=(conn, context, timeout), daemon=True).start()


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="A TLS echo server.")
    cli.add_host_port(parser, "127.0.0.1", 8443)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--client-ca", help="require client certificates signed by this CA")
    args = parser.parse_args(argv)
    try:
        context = make_server_context(args.cert, args.key, args.client_ca)
        listener = socket.create_server((args.host, args.port))
    except (OSError, ssl.SSLError) as exc:
        return cli.error(cli.describe_error(exc))
    server.stop_on_sigterm()
    with listener:
        try:
            server.announce(listener.getsockname())
            serve(listener, context)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
