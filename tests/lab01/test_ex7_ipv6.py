"""Exercise 7: the mirror over IPv6, at a URL with a bracketed address."""

import socket

import pytest


@pytest.fixture
def ipv6_mirror(start_mirror):
    """The mirror listening on ::1 only; skips when this host has no IPv6 loopback."""
    if not socket.has_ipv6:
        pytest.skip("this Python was built without IPv6 support")
    try:
        return start_mirror(host="::1")
    except OSError as exc:
        pytest.skip(f"no IPv6 loopback on this host (binding ::1 failed: {exc})")


@pytest.mark.points(1)
def test_url_for(exercise):
    url_for = exercise.load("ipv6_fetch.py").url_for
    assert url_for("::1", 8001, 2324) == "http://[::1]:8001/rfc/rfc2324.txt"
    assert (
        url_for("2001:db8:85a3::b81a:63d6:135b", 80, 791)
        == "http://[2001:db8:85a3::b81a:63d6:135b]:80/rfc/rfc791.txt"
    )
    assert url_for("127.0.0.1", 8001, 2324) == "http://127.0.0.1:8001/rfc/rfc2324.txt"
    assert url_for("www.lab.test", 80, 1) == "http://www.lab.test:80/rfc/rfc1.txt"


@pytest.mark.points(2)
def test_fetch_over_ipv6(exercise, ipv6_mirror, rfc2324):
    fetch = exercise.load("ipv6_fetch.py").fetch
    assert fetch(f"http://[::1]:{ipv6_mirror.port}/rfc/rfc2324.txt", 5) == rfc2324
    assert [request.path for request in ipv6_mirror.log.requests] == ["/rfc/rfc2324.txt"]


@pytest.mark.points(1)
def test_host_header_keeps_the_brackets(exercise, ipv6_mirror):
    fetch = exercise.load("ipv6_fetch.py").fetch
    fetch(f"http://[::1]:{ipv6_mirror.port}/rfc/rfc791.txt", 5)
    headers = {name.lower(): value for name, value in ipv6_mirror.log.requests[0].headers.items()}
    assert headers.get("host") == f"[::1]:{ipv6_mirror.port}"
