"""Exercise 5: tlsinfo, a TLS certificate and session inspector (reference solution)."""

from __future__ import annotations

import socket
import ssl
import sys

from labkit import cli


def _field(name: tuple, key: str) -> str | None:
    for rdn in name:
        for field_key, value in rdn:
            if field_key == key:
                return value
    return None


def tls_info(
    host: str,
    port: int,
    cafile: str | None = None,
    server_name: str | None = None,
    timeout: float = 5.0,
) -> dict:
    """Connect with a verifying context and describe the session and the certificate."""
    context = ssl.create_default_context(cafile=cafile)
    with socket.create_connection((host, port), timeout=timeout) as sock:
        with context.wrap_socket(sock, server_hostname=server_name or host) as tls:
            cert = tls.getpeercert()
            return {
                "subject": _field(cert["subject"], "commonName"),
                "issuer": _field(cert["issuer"], "organizationName")
                or _field(cert["issuer"], "commonName"),
                "san": [value for _kind, value in cert.get("subjectAltName", ())],
                "not_after": cert["notAfter"],
                "version": tls.version(),
                "cipher": tls.cipher()[0],
            }


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Show a TLS server's certificate and session.")
    parser.add_argument("host")
    parser.add_argument("port", type=cli.port_number)
    parser.add_argument("--cafile", help="CA certificates to trust")
    parser.add_argument("--server-name", help="the name to check (default: HOST)")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    try:
        info = tls_info(args.host, args.port, args.cafile, args.server_name, args.timeout)
    except ssl.SSLCertVerificationError as exc:
        return cli.error(cli.describe_error(exc))
    except ssl.SSLError as exc:
        return cli.error(f"TLS failed: {exc.reason or exc}")
    except OSError as exc:
        return cli.error(f"cannot connect to {args.host}:{args.port}: {cli.describe_error(exc)}")
    print(f"subject:   CN={info['subject']}")
    print(f"issuer:    {info['issuer']}")
    print(f"names:     {', '.join(info['san'])}")
    print(f"notAfter:  {info['not_after']}")
    print(f"version:   {info['version']}")
    print(f"cipher:    {info['cipher']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
