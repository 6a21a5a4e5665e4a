"""Exercise 5: subnets and routing decisions, with the book's values."""

import pytest

from labkit import testing

BOOK_MASKS = {8: "255.0.0.0", 10: "255.192.0.0", 24: "255.255.255.0", 28: "255.255.255.240"}
ROUTES = ["0.0.0.0/0", "10.0.0.0/8", "192.168.0.0/16", "192.168.0.0/24", "192.168.0.176/28"]


@pytest.fixture
def calc(exercise):
    return exercise.load("subnet_calc.py")


@pytest.mark.points(1)
def test_prefix_to_mask(calc):
    for prefix, mask in {**BOOK_MASKS, 0: "0.0.0.0", 32: "255.255.255.255"}.items():
        assert calc.prefix_to_mask(prefix) == mask, prefix
    for bad in (-1, 33):
        with pytest.raises(ValueError):
            calc.prefix_to_mask(bad)


@pytest.mark.points(1)
def test_same_network(calc):
    assert calc.same_network("192.168.0.186/24", "192.168.0.4")
    assert calc.same_network("192.168.0.186/24", "192.168.0.255")
    assert not calc.same_network("192.168.0.186/24", "192.168.1.4")
    assert not calc.same_network("192.168.0.186/24", "203.0.113.12")
    assert calc.same_network("192.168.0.186/28", "192.168.0.190")
    assert not calc.same_network("192.168.0.186/28", "192.168.0.192")  # the next /28
    assert calc.same_network("10.1.2.3/8", "10.255.0.1")
    with pytest.raises(ValueError):
        calc.same_network("192.168.0.186/24", "192.168.0.300")


@pytest.mark.points(1)
def test_prefix_for_hosts(calc):
    expected = {14: 28, 15: 27, 16: 27, 254: 24, 255: 23, 1: 30, 2: 30, 3: 29, 6: 29, 7: 28}
    for hosts, prefix in expected.items():
        assert calc.prefix_for_hosts(hosts) == prefix, hosts
    with pytest.raises(ValueError):
        calc.prefix_for_hosts(0)


@pytest.mark.points(1)
def test_split(calc):
    assert calc.split("192.168.0.186/24", 4) == [
        "192.168.0.0/26",
        "192.168.0.64/26",
        "192.168.0.128/26",
        "192.168.0.192/26",
    ]
    sixteen = calc.split("192.168.0.0/24", 16)
    assert len(sixteen) == 16 and sixteen[11] == "192.168.0.176/28"
    assert calc.split("10.0.0.0/8", 1) == ["10.0.0.0/8"]
    for count in (3, 0):
        with pytest.raises(ValueError):
            calc.split("192.168.0.0/24", count)
    with pytest.raises(ValueError):
        calc.split("192.168.0.0/31", 4)  # 2 addresses cannot make 4 subnets


@pytest.mark.points(2)
def test_longest_match(calc):
    assert calc.longest_match(ROUTES, "192.168.0.186") == "192.168.0.176/28"
    assert calc.longest_match(ROUTES, "192.168.0.4") == "192.168.0.0/24"
    assert calc.longest_match(ROUTES, "192.168.7.1") == "192.168.0.0/16"
    assert calc.longest_match(ROUTES, "10.9.8.7") == "10.0.0.0/8"
    assert calc.longest_match(ROUTES, "203.0.113.12") == "0.0.0.0/0"  # the default route
    assert calc.longest_match(list(reversed(ROUTES)), "192.168.0.186") == "192.168.0.176/28"
    assert calc.longest_match(ROUTES[1:], "203.0.113.12") is None
    assert calc.longest_match([], "192.168.0.186") is None


@pytest.mark.points(1)
def test_cli_output(exercise):
    script = exercise.path("subnet_calc.py")

    def lines(*args: str) -> list[str]:
        result = testing.run_script(script, *args)
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()

    assert lines("masks", *map(str, BOOK_MASKS)) == [f"/{n} {m}" for n, m in BOOK_MASKS.items()]
    assert lines("fit", "14") == ["/28 netmask 255.255.255.240 addresses 16 hosts 14"]
    assert lines("fit", "254") == ["/24 netmask 255.255.255.0 addresses 256 hosts 254"]
    assert lines("split", "192.168.0.186/24", "2") == ["192.168.0.0/25", "192.168.0.128/25"]
    assert lines("route", "192.168.0.186", *ROUTES[:4]) == ["192.168.0.0/24"]


@pytest.mark.points(1)
def test_cli_errors(exercise):
    script = exercise.path("subnet_calc.py")
    for args in (["masks", "33"], ["fit", "0"], ["split", "192.168.0.0/24", "3"]):
        testing.assert_one_line_error(testing.run_script(script, *args), 2)
    no_route = testing.run_script(script, "route", "203.0.113.12", "192.168.0.0/16")
    testing.assert_one_line_error(no_route, 1)
