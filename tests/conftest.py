"""Suite-wide configuration. The grading plugin itself is shared/labkit/grading.py."""

import pytest

from labkit import testing

pytest_plugins = ["pytester"]


# The three classic ways a connection goes wrong, for any lab's tests.


@pytest.fixture
def closed_port() -> int:
    """A loopback port where nothing listens: connecting is refused."""
    return testing.closed_port()


@pytest.fixture
def backlog_full_port():
    """A listener that never accepts and whose backlog is full: connecting times out."""
    with testing.backlog_full_listener() as port:
        yield port


@pytest.fixture
def silent_port():
    """A server that accepts and then says nothing: reading times out."""
    with testing.silent_server() as port:
        yield port
