"""Web fixtures for lab 03: the fake Twitter API and the static Debian-like site.

conftest.py imports the fixtures, so every test of the lab can use them.
"""

from __future__ import annotations

import sys

import pytest
import requests

from labkit import lab_dir

LAB = lab_dir("03")
if str(LAB) not in sys.path:
    sys.path.insert(0, str(LAB))  # so tests can import the lab's scripts by name

from site_server import SiteServer  # noqa: E402
from twitter_api import TwitterAPI  # noqa: E402

T0 = 1_736_942_400.0  # 2025-01-15 12:00:00 UTC


class FakeClock:
    """A clock tests control: ``time()`` reads it, ``sleep(s)`` advances it and is recorded."""

    def __init__(self, start: float = T0):
        self.now = start
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(seconds, 0)


@pytest.fixture
def start_twitter_api():
    """Start fake Twitter APIs with any options; all are stopped after the test."""
    started = []

    def start(**options) -> TwitterAPI:
        api = TwitterAPI(**options).__enter__()
        started.append(api)
        return api

    yield start
    for api in started:
        api.__exit__(None, None, None)


@pytest.fixture
def twitter_api():
    """The fake Twitter v1.1 API on 127.0.0.1, port 0, no rate limit, seeded mentions."""
    with TwitterAPI() as api:
        yield api


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def site():
    """The lab's static site (``site/``) on 127.0.0.1, port 0, with its access log."""
    with SiteServer() as server:
        yield server


@pytest.fixture
def http():
    """A requests session that ignores proxy settings (loopback only)."""
    with requests.Session() as session:
        session.trust_env = False
        yield session
