"""Exercise 11: a retrying Session, and a Session with its own TLS rules.

Transport adapters (Cory Benfield's talk, doc 001) decide how a Session talks to the
hosts whose URLs start with a prefix: ``session.mount("https://", adapter)``. Two
things you can only set there are the retry policy and the SSL context.

:func:`make_session`
    Return a ``requests.Session`` whose ``http://`` and ``https://`` adapters are
    ``HTTPAdapter(max_retries=Retry(...))`` (``urllib3.util.retry.Retry``) with
    ``total=retries``, ``backoff_factor=0``, ``status_forcelist=[503]`` and
    ``allowed_methods={"GET"}``. A GET answered 503, 503, 200 then comes back as the 200
    (three requests on the wire); a POST is never resent, so its 503 comes back as it
    is. Set ``trust_env = False`` on the session (no proxies).

:func:`make_strict_tls_session`
    Return a Session that refuses TLS versions older than ``minimum_version`` on
    ``https://``. Build an ``ssl.SSLContext`` with
    ``ssl.create_default_context(cafile=cafile)`` and set its ``minimum_version``; then
    mount an adapter that hands it to urllib3. ``HTTPAdapter`` has no parameter for
    that: subclass it and override ``init_poolmanager(self, *args, **kwargs)`` to add
    ``kwargs["ssl_context"] = ...`` before calling the parent's method. Servers are
    verified against ``cafile``; set ``session.verify = cafile`` too. Python's default
    minimum is already TLS 1.2, so the tests also ask for TLS 1.3 and check that a
    server speaking at most TLS 1.2 is refused.

Graded (``pytest tests/lab02/test_ex11_retry.py``): a GET against a route answering
503, 503, 200 gets the 200 after exactly 3 attempts; with ``retries=1`` the server sees
exactly 2 attempts; a POST is tried once; the strict session's ``https://`` adapter has
an SSL context with the requested minimum, talks to a TLS 1.3 server, refuses a TLS 1.2
server when the minimum is 1.3, and refuses a server signed by another CA.
"""

from __future__ import annotations

import ssl

import requests


def make_session(retries: int = 3) -> requests.Session:
    """A Session that retries GETs answered with 503, up to ``retries`` times."""
    # TODO (exercise 11)
    raise NotImplementedError("exercise 11: write make_session()")


def make_strict_tls_session(
    cafile: str, minimum_version: ssl.TLSVersion = ssl.TLSVersion.TLSv1_2
) -> requests.Session:
    """A Session whose https:// adapter refuses TLS older than ``minimum_version``."""
    # TODO (exercise 11)
    raise NotImplementedError("exercise 11: write make_strict_tls_session()")
