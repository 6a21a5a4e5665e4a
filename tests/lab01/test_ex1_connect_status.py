"""Exercise 1: connect_status() tells refused, connect-timeout, read-timeout and ok apart."""

import time

import pytest

TIMEOUT = 0.5  # what the tests pass to connect_status
PATIENCE = 5  # a correct answer comes well within this many seconds


def classify(exercise, port: int) -> str:
    connect_status = exercise.load("connect_status.py").connect_status
    start = time.monotonic()
    status = connect_status("127.0.0.1", port, TIMEOUT)
    elapsed = time.monotonic() - start
    assert elapsed < PATIENCE, f"connect_status took {elapsed:.1f}s with timeout={TIMEOUT}"
    return status


@pytest.mark.points(1)
def test_closed_port_is_refused(exercise, closed_port):
    assert classify(exercise, closed_port) == "refused"


@pytest.mark.points(1)
def test_full_backlog_is_a_connect_timeout(exercise, backlog_full_port):
    assert classify(exercise, backlog_full_port) == "connect-timeout"


@pytest.mark.points(2)
def test_silent_server_is_a_read_timeout(exercise, silent_port):
    assert classify(exercise, silent_port) == "read-timeout"


@pytest.mark.points(1)
def test_mirror_is_ok(exercise, mirror):
    assert classify(exercise, mirror.port) == "ok"
    assert mirror.log.requests, "'ok' means the server answered a request: send one"
