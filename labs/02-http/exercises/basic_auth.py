"""Exercise 13: HTTP Basic authentication, the easy way and by hand.

The lab's web app (``python ../lab_web.py``) answers ``/auth/basic`` with
``401 Unauthorized`` and ``WWW-Authenticate: Basic realm="lab"``, unless the request
carries user ``Cory`` and password ``LOLNO`` (Cory Benfield's talk, doc 001); then it
is a 200 with ``hello Cory``.

:func:`basic_header`
    The ``Authorization`` header value for a user and password (RFC 7617):
    ``"Basic "`` followed by the Base64 encoding of ``user:password`` encoded as UTF-8.
    For Cory it is exactly ``Basic Q29yeTpMT0xOTw==``.
:func:`session_get`
    requests does it for you: set ``session.auth = (user, password)`` on a
    ``requests.Session`` (``trust_env = False``) and every request of that session
    carries the header. GET ``url`` with ``timeout=`` and return the ``Response``
    (do not raise on a 401).
:func:`http_client_get`
    One layer down, with ``http.client.HTTPConnection`` (doc 000): open a connection to
    the URL's host and port, send GET for its path with your ``basic_header`` in the
    headers, read the response and return its status code. Close the connection.

Graded (``pytest tests/lab02/test_ex13_basic_auth.py``): the exact header for Cory and
for a non-ASCII password; ``session_get`` gets 200 and ``hello Cory`` with the right
password, 401 with a wrong one, and the server saw the header; ``http_client_get``
likewise returns 200 and 401.
"""

from __future__ import annotations

import requests


def basic_header(user: str, password: str) -> str:
    """``Basic `` + base64(``user:password``)."""
    # TODO (exercise 13)
    raise NotImplementedError("exercise 13: write basic_header()")


def session_get(url: str, user: str, password: str, timeout: float = 5) -> requests.Response:
    """GET ``url`` through a Session whose ``auth`` is (user, password)."""
    # TODO (exercise 13)
    raise NotImplementedError("exercise 13: write session_get()")


def http_client_get(url: str, user: str, password: str, timeout: float = 5) -> int:
    """GET ``url`` with http.client and a hand-built Authorization header; the status."""
    # TODO (exercise 13)
    raise NotImplementedError("exercise 13: write http_client_get()")
