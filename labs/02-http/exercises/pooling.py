"""Exercise 10: connection reuse, counted by the server.

``stream_server.py`` counts the TCP connections it accepts (``/connections``, or
``StreamServer.connection_count()`` in the tests). Write four functions that each make
``n`` GET requests for ``url`` (each with ``timeout=timeout``), in four different ways:

:func:`count_plain`
    ``n`` calls of the module-level ``requests.get``. Expected: ``n`` connections, since
    each call makes (and closes) a throwaway Session.
:func:`count_session`
    ``n`` ``get`` calls on one ``requests.Session``. Expected: 1 connection.
:func:`count_unconsumed_stream`
    ``n`` ``get(url, stream=True)`` calls on one Session, keeping the responses and never
    reading their bodies (close them all at the end). Expected: more than one
    connection: a response holds its connection until its body is read or it is closed.
:func:`count_stream_with_close`
    ``n`` ``get(url, stream=True)`` calls on one Session, each used as a context manager
    (``with session.get(...) as response:``) and read to its end with ``iter_content``.
    Expected: 1 connection again. (Closing a response whose body was *not* read closes
    its connection too: reading the body is what makes the connection reusable, and
    ``with`` makes sure it is released even if you stop early.)

Proxies would hide your connections from the server: the tests run with ``NO_PROXY=*``,
and ``session.trust_env = False`` makes a Session ignore proxy settings anyway.

Graded (``pytest tests/lab02/test_ex10_pooling.py``), each function on a fresh server
with ``n = 4``: the server logged ``n`` requests and counted ``n`` / 1 / more than 1 / 1
connections.
"""

from __future__ import annotations

import requests  # noqa: F401  (you will need it)


def count_plain(url: str, n: int, timeout: float = 5) -> None:
    """``n`` module-level ``requests.get`` calls."""
    # TODO (exercise 10)
    raise NotImplementedError("exercise 10: write count_plain()")


def count_session(url: str, n: int, timeout: float = 5) -> None:
    """``n`` gets on one Session."""
    # TODO (exercise 10)
    raise NotImplementedError("exercise 10: write count_session()")


def count_unconsumed_stream(url: str, n: int, timeout: float = 5) -> None:
    """``n`` streamed gets on one Session whose bodies are never read."""
    # TODO (exercise 10)
    raise NotImplementedError("exercise 10: write count_unconsumed_stream()")


def count_stream_with_close(url: str, n: int, timeout: float = 5) -> None:
    """``n`` streamed gets on one Session, each read to its end inside ``with``."""
    # TODO (exercise 10)
    raise NotImplementedError("exercise 10: write count_stream_with_close()")
