"""Exercise 13 (reference solution): HTTP Basic authentication, the easy way and by hand."""

from __future__ import annotations

import base64
import http.client
from urllib.parse import urlsplit

import requests


def basic_header(user: str, password: str) -> str:
    """``Basic `` + base64(``user:password``)."""
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


def session_get(url: str, user: str, password: str, timeout: float = 5) -> requests.Response:
    """GET ``url`` through a Session whose ``auth`` is (user, password)."""
    with requests.Session() as session:
        session.trust_env = False
        session.auth = (user, password)
        return session.get(url, timeout=timeout)


def http_client_get(url: str, user: str, password: str, timeout: float = 5) -> int:
    """GET ``url`` with http.client and a hand-built Authorization header; the status."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Authorization": basic_header(user, password)})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()
