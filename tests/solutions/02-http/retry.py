"""Exercise 11 (reference solution): a retrying Session, and one with its own TLS rules."""

from __future__ import annotations

import ssl

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry


def make_session(retries: int = 3) -> requests.Session:
    """A Session that retries GETs answered with 503, up to ``retries`` times."""
    policy = Retry(total=retries, backoff_factor=0, status_forcelist=[503], allowed_methods={"GET"})
    session = requests.Session()
    session.trust_env = False
    adapter = HTTPAdapter(max_retries=policy)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class SSLContextAdapter(HTTPAdapter):
    """An HTTPAdapter whose connection pools all use one given SSL context."""

    def __init__(self, ssl_context: ssl.SSLContext, **kwargs):
        self.ssl_context = ssl_context  # set before the parent calls init_poolmanager
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["ssl_context"] = self.ssl_context
        return super().init_poolmanager(*args, **kwargs)


def make_strict_tls_session(
    cafile: str, minimum_version: ssl.TLSVersion = ssl.TLSVersion.TLSv1_2
) -> requests.Session:
    """A Session whose https:// adapter refuses TLS older than ``minimum_version``."""
    context = ssl.create_default_context(cafile=cafile)
    context.minimum_version = minimum_version
    session = requests.Session()
    session.trust_env = False
    session.verify = cafile
    session.mount("https://", SSLContextAdapter(context))
    return session
