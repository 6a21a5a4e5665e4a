"""Exercise 1: the subnet planner (smallest_prefix, plan), with the spec's values."""

import pytest

from labkit import testing

# hosts -> (prefix, netmask, broadcast, first host, last host), all from base 192.168.0.0
PLANS = {
    14: (28, "255.255.255.240", "192.168.0.15", "192.168.0.1", "192.168.0.14"),
    62: (26, "255.255.255.192", "192.168.0.63", "192.168.0.1", "192.168.0.62"),
    254: (24, "255.255.255.0", "192.168.0.255", "192.168.0.1", "192.168.0.254"),
    2: (30, "255.255.255.252", "192.168.0.3", "192.168.0.1", "192.168.0.2"),
    255: (23, "255.255.254.0", "192.168.1.255", "192.168.0.1", "192.168.1.254"),
}


@pytest.fixture
def subnet_plan(exercise):
    return exercise.load("subnet_plan.py")


@pytest.mark.points(2)
def test_smallest_prefix(subnet_plan):
    for hosts, (prefix, *_rest) in PLANS.items():
        assert subnet_plan.smallest_prefix(hosts) == prefix, hosts
    more = {1: 30, 3: 29, 6: 29, 7: 28, 15: 27, 16: 27, 126: 25, 127: 24, 510: 23, 511: 22}
    for hosts, prefix in more.items():
        assert subnet_plan.smallest_prefix(hosts) == prefix, hosts


@pytest.mark.points(1)
def test_smallest_prefix_errors(subnet_plan):
    for bad in (0, -5, 2**32):
        with pytest.raises(ValueError):
            subnet_plan.smallest_prefix(bad)


@pytest.mark.points(2)
def test_plan_fields(subnet_plan):
    for hosts, (prefix, netmask, broadcast, first, last) in PLANS.items():
        got = subnet_plan.plan("192.168.0.0", hosts)
        assert str(got.network) == f"192.168.0.0/{prefix}", hosts
        assert str(got.netmask) == netmask, hosts
        assert str(got.broadcast) == broadcast, hosts
        assert (str(got.first), str(got.last)) == (first, last), hosts


@pytest.mark.points(1)
def test_plan_elsewhere_and_misaligned(subnet_plan):
    got = subnet_plan.plan("10.1.2.64", 62)
    assert (str(got.network), str(got.first), str(got.last)) == (
        "10.1.2.64/26",
        "10.1.2.65",
        "10.1.2.126",
    )
    with pytest.raises(ValueError):
        subnet_plan.plan("192.168.0.8", 14)  # a /28 starts on a multiple of 16
    with pytest.raises(ValueError):
        subnet_plan.plan("192.168.0.300", 14)


@pytest.mark.points(1)
def test_command_line(exercise):
    script = exercise.path("subnet_plan.py")
    result = testing.run_script(script, "14", "255")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "14 hosts: 192.168.0.0/28 netmask 255.255.255.240 broadcast 192.168.0.15"
        " hosts 192.168.0.1-192.168.0.14",
        "255 hosts: 192.168.0.0/23 netmask 255.255.254.0 broadcast 192.168.1.255"
        " hosts 192.168.0.1-192.168.1.254",
    ]
    testing.assert_one_line_error(testing.run_script(script, "0"), 2)
    testing.assert_one_line_error(testing.run_script(script, "--base", "192.168.0.8", "14"), 2)
