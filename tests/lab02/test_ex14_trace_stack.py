"""Exercise 14: trace() records the requests call chain with sys.setprofile."""

import sys

import pytest
import requests

CHAIN = [
    lambda name: name == "Session.request",
    lambda name: name == "PreparedRequest.prepare",
    lambda name: name == "HTTPAdapter.send",
    lambda name: name.endswith("urlopen"),
    lambda name: name.endswith("getresponse"),
]


def missing_from_chain(calls):
    """The first step of CHAIN not found after the previous ones, or None."""
    position = 0
    for step, matches in enumerate(CHAIN):
        while position < len(calls) and not matches(calls[position]):
            position += 1
        if position == len(calls):
            return step
        position += 1
    return None


@pytest.fixture
def no_profiler():
    yield
    leftover = sys.getprofile()
    sys.setprofile(None)
    assert leftover is None, "trace() left its profile function installed"


@pytest.mark.points(1)
def test_records_qualified_names(exercise, web, no_profiler):
    calls = exercise.load("trace_stack.py").trace(f"{web.url}/status/200")
    assert isinstance(calls, list) and calls
    assert all(isinstance(name, str) for name in calls)
    assert "Session.request" in calls
    assert len(web.requests_to("/status/200")) == 1


@pytest.mark.points(2)
def test_the_chain_in_order(exercise, web, no_profiler):
    calls = exercise.load("trace_stack.py").trace(f"{web.url}/status/200")
    step = missing_from_chain(calls)
    names = ["Session.request", "PreparedRequest.prepare", "HTTPAdapter.send", "urlopen"]
    names.append("getresponse")
    assert step is None, f"{names[step]} is missing (or out of order) in the trace"


@pytest.mark.points(1)
def test_the_profiler_is_removed_even_on_failure(exercise, web, closed_port):
    trace = exercise.load("trace_stack.py").trace
    trace(f"{web.url}/status/200")
    assert sys.getprofile() is None
    try:
        with pytest.raises(requests.exceptions.ConnectionError):
            trace(f"http://127.0.0.1:{closed_port}/")
        assert sys.getprofile() is None
    finally:
        sys.setprofile(None)
