"""Exercise 9: default_gateway() from /proc/net/route, on saved tables and, as root,
inside a namespace whose default route is the book's 10.0.2.2."""

from pathlib import Path

import pytest

from labkit import testing

DATA = Path(__file__).with_name("data")


@pytest.fixture
def gateway(exercise):
    return exercise.load("gateway.py")


@pytest.mark.points(1)
def test_hex_to_ip(gateway):
    assert gateway.hex_to_ip("0202000A") == "10.0.2.2"
    assert gateway.hex_to_ip("0138A8C0") == "192.168.56.1"
    assert gateway.hex_to_ip("00000000") == "0.0.0.0"
    assert gateway.hex_to_ip("FFFFFFFF") == "255.255.255.255"


@pytest.mark.points(1)
def test_the_books_table(gateway):
    assert gateway.default_gateway(str(DATA / "route_book.txt")) == ("10.0.2.2", "eth0")


@pytest.mark.points(1)
def test_several_default_routes(gateway):
    # wlan0 metric 600, tun0 not up (flags 0002), eth0 metric 100: eth0 wins
    assert gateway.default_gateway(str(DATA / "route_metrics.txt")) == ("10.0.2.254", "eth0")


@pytest.mark.points(1)
def test_no_default_route(gateway):
    assert gateway.default_gateway(str(DATA / "route_none.txt")) is None
    # a route through a gateway that is not the default, and a default with no gateway
    assert gateway.default_gateway(str(DATA / "route_tricky.txt")) is None


@pytest.mark.points(1)
def test_command_line(exercise):
    script = exercise.path("gateway.py")
    result = testing.run_script(script, "--file", DATA / "route_book.txt")
    assert (result.returncode, result.stdout) == (0, "10.0.2.2 eth0\n"), result.stderr
    line = testing.assert_one_line_error(
        testing.run_script(script, "--file", DATA / "route_none.txt"), 1
    )
    assert "no default route" in line
    missing = testing.run_script(script, "--file", DATA / "no_such_file.txt")
    testing.assert_one_line_error(missing, 1)


@pytest.mark.points(2)
def test_inside_a_namespace(exercise, netns):
    script = exercise.path("gateway.py")
    book = netns(addr="10.0.2.15/24", gw="10.0.2.2")
    result = book.python(script)
    assert (result.returncode, result.stdout) == (0, "10.0.2.2 eth0\n"), result.stderr
    bare = netns(addr=None, gw=None)  # only lo: no default route
    testing.assert_one_line_error(bare.python(script), 1)
