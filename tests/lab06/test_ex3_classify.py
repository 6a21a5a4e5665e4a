"""Exercise 3: the address classifier, over ranges every Python 3.11-3.13 agrees on."""

import pytest

from labkit import testing

TABLE = {
    "unspecified": ["0.0.0.0", "::"],
    "loopback": ["127.0.0.1", "127.1.2.3", "::1"],
    "link-local": ["169.254.3.4", "169.254.255.254", "fe80::1"],
    "multicast": ["224.0.0.251", "239.255.255.250", "ff02::1"],
    "private": ["10.0.2.15", "172.16.0.1", "172.31.255.255", "192.168.56.10", "fd12:3456::1"],
    "global": ["8.8.8.8", "104.130.43.121", "178.236.6.251", "172.32.0.1", "2001:4860::8888"],
    "other": ["100.64.0.1", "192.0.2.1", "198.51.100.7"],
}


@pytest.fixture
def classify(exercise):
    return exercise.load("classify.py").classify


@pytest.mark.points(1)
def test_overlapping_ranges_in_the_right_order(classify):
    # ipaddress calls all of these "private": only the order of the checks separates them
    for label in ("unspecified", "loopback", "link-local"):
        for address in TABLE[label]:
            assert classify(address) == label, address


@pytest.mark.points(1)
def test_multicast_and_private(classify):
    for label in ("multicast", "private"):
        for address in TABLE[label]:
            assert classify(address) == label, address


@pytest.mark.points(1)
def test_global_and_other(classify):
    for label in ("global", "other"):
        for address in TABLE[label]:
            assert classify(address) == label, address


@pytest.mark.points(1)
def test_bad_addresses_and_command_line(classify, exercise):
    for bad in ("1.2.3", "256.0.0.1", "lab.test", "fe80::1::2"):
        with pytest.raises(ValueError):
            classify(bad)
    script = exercise.path("classify.py")
    result = testing.run_script(script, "127.0.0.1", "10.1.2.3", "ff02::1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "127.0.0.1 loopback",
        "10.1.2.3 private",
        "ff02::1 multicast",
    ]
    testing.assert_one_line_error(testing.run_script(script, "10.0.0.1", "1.2.3"), 2)
