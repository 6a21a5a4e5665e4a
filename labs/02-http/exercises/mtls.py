"""Exercise 12: client-certificate TLS with requests and with urllib.

``mtls_server.py`` only talks to clients that present a certificate signed by its CA,
and answers ``hello <CN>`` with the common name of that certificate. Write the client
side twice:

:func:`get_with_cert`
    requests: ``verify=ca`` (check the server), ``cert=(cert, key)`` (prove who you
    are), ``timeout=``. Raise for an HTTP error status (``raise_for_status()``) and
    return the body text. Do not catch ``requests.exceptions.SSLError``: a refused
    handshake must reach the caller.
:func:`urlopen_with_cert`
    urllib: ``urlopen`` has no ``cert`` parameter; everything TLS goes into an
    ``ssl.SSLContext``. Make one with ``ssl.create_default_context(cafile=ca)`` (the
    old ``urlopen(cafile=...)`` was removed in Python 3.13), add the client certificate
    with ``context.load_cert_chain(cert, key)``, and pass ``context=`` and
    ``timeout=`` to ``urlopen``. Return the body decoded as UTF-8.

Both verify the server: never ``verify=False`` or ``CERT_NONE``. Ignore proxies (the
server is on loopback): a ``Session`` with ``trust_env = False``, and an opener built
with ``urllib.request.ProxyHandler({})`` and ``urllib.request.HTTPSHandler(context=...)``.

Try it::

    python ../mtls_server.py --port 8444 --write-ca ca.pem --write-client-cert client.pem
    python mtls.py https://127.0.0.1:8444/ ca.pem client.pem client.pem

(``client.pem`` holds the certificate and the key; both functions accept the same file
twice.)

Graded (``pytest tests/lab02/test_ex12_mtls.py``): each function gets ``hello <CN>``
from the server with a certificate and key in separate files; a certificate signed by
another CA and a server signed by another CA both end in an SSL error.
"""

from __future__ import annotations

import sys


def get_with_cert(url: str, ca: str, cert: str, key: str, timeout: float = 5) -> str:
    """GET ``url`` with requests, presenting ``cert``/``key``; the body text."""
    # TODO (exercise 12)
    raise NotImplementedError("exercise 12: write get_with_cert()")


def urlopen_with_cert(url: str, ca: str, cert: str, key: str, timeout: float = 5) -> str:
    """GET ``url`` with urllib and an SSL context holding ``cert``/``key``; the body text."""
    # TODO (exercise 12)
    raise NotImplementedError("exercise 12: write urlopen_with_cert()")


def main(argv=None) -> int:
    url, ca, cert, key = (argv if argv is not None else sys.argv[1:])[:4]
    print("requests:", get_with_cert(url, ca, cert, key), end="")
    print("urllib:  ", urlopen_with_cert(url, ca, cert, key), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
