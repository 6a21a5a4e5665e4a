"""Fixtures for lab 01: the RFC mirror (the failure-case ports are in tests/conftest.py)."""

import sys

import pytest

from labkit import lab_dir

LAB = lab_dir("01")
sys.path.insert(0, str(LAB))  # so tests can import the lab's scripts by name

from rfc_mirror import RFCMirror, rfc_text  # noqa: E402


@pytest.fixture
def start_mirror():
    """Start RFC mirrors with any options; every one is stopped after the test."""
    started = []

    def start(**options) -> RFCMirror:
        mirror = RFCMirror(**options).__enter__()
        started.append(mirror)
        return mirror

    yield start
    for mirror in started:
        mirror.__exit__(None, None, None)


@pytest.fixture
def mirror(start_mirror) -> RFCMirror:
    """The mirror in Content-Length mode on 127.0.0.1, port 0."""
    return start_mirror()


@pytest.fixture
def rfc2324() -> str:
    return rfc_text(2324)
