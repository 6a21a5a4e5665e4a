"""Exercise 10: connection reuse, counted by the server.

Reference solution.
"""

from __future__ import annotations

import requests


def _session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxies: the server must see our own connections
    return session


def count_plain(url: str, n: int, timeout: float = 5) -> None:
    """``n`` module-level ``requests.get`` calls: a new session, so a new connection, each."""
    for _ in range(n):
        requests.get(url, timeout=timeout)


def count_session(url: str, n: int, timeout: float = 5) -> None:
    """``n`` gets on one Session: one connection, reused."""
    with _session() as session:
        for _ in range(n):
            session.get(url, timeout=timeout)


def count_unconsumed_stream(url: str, n: int, timeout: float = 5) -> None:
    """``n`` streamed gets on one Session whose bodies are never read."""
    with _session() as session:
        responses = [session.get(url, stream=True, timeout=timeout) for _ in range(n)]
        for response in responses:
            response.close()


def count_stream_with_close(url: str, n: int, timeout: float = 5) -> None:
    """``n`` streamed gets on one Session, each read to its end inside ``with``."""
    with _session() as session:
        for _ in range(n):
            with session.get(url, stream=True, timeout=timeout) as response:
                for _chunk in response.iter_content(chunk_size=65536):
                    pass
