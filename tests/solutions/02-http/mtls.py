"""Exercise 12 (reference solution): client-certificate TLS with requests and urllib."""

from __future__ import annotations

import ssl
import sys
import urllib.request

import requests


def get_with_cert(url: str, ca: str, cert: str, key: str, timeout: float = 5) -> str:
    """GET ``url`` with requests, presenting ``cert``/``key``; the body text."""
    with requests.Session() as session:
        session.trust_env = False
        response = session.get(url, verify=ca, cert=(cert, key), timeout=timeout)
    response.raise_for_status()
    return response.text


def urlopen_with_cert(url: str, ca: str, cert: str, key: str, timeout: float = 5) -> str:
    """GET ``url`` with urllib and an SSL context holding ``cert``/``key``; the body text."""
    context = ssl.create_default_context(cafile=ca)
    context.load_cert_chain(cert, key)
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context)
    )
    with opener.open(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def main(argv=None) -> int:
    url, ca, cert, key = (argv if argv is not None else sys.argv[1:])[:4]
    print("requests:", get_with_cert(url, ca, cert, key), end="")
    print("urllib:  ", urlopen_with_cert(url, ca, cert, key), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
