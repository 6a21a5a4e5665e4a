"""Exercise 6: a TLS echo server, TLS 1.2 at least, optional client certificates
(reference solution)."""

from __future__ import annotations

import socket
import ssl
import sys
import threading

from labkit import cli, server


def make_server_context(cert: str, key: str, client_ca: str | None = None) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert, key)
    if client_ca:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(client_ca)
    return context


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
