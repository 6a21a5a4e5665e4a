"""Exercise 2: VLSM, 192.168.0.0/24 split for 100, 50, 20 and 2 hosts."""

import ipaddress
import itertools

import pytest

from labkit import testing

PARENT = ipaddress.ip_network("192.168.0.0/24")
COUNTS = [100, 50, 20, 2]


def usable(network: ipaddress.IPv4Network) -> int:
    return network.num_addresses - 2


@pytest.fixture
def subnet_plan(exercise):
    return exercise.load("subnet_plan.py")


@pytest.fixture
def split(subnet_plan):
    subnets = subnet_plan.vlsm(str(PARENT), COUNTS)
    assert len(subnets) == len(COUNTS)
    return [ipaddress.ip_network(str(net)) for net in subnets]


@pytest.mark.points(1)
def test_each_subnet_fits_its_count_and_no_more(split):
    for count, net in zip(COUNTS, split, strict=True):
        assert usable(net) >= count, (count, net)
        half = next(net.subnets())  # the next smaller subnet must be too small
        assert usable(half) < count, (count, net)


@pytest.mark.points(1)
def test_inside_the_parent_and_no_overlaps(split):
    for net in split:
        assert net.subnet_of(PARENT), net
    for a, b in itertools.combinations(split, 2):
        assert not a.overlaps(b), (a, b)


@pytest.mark.points(1)
def test_aligned_largest_first(split):
    for net in split:
        assert int(net.network_address) % net.num_addresses == 0, net  # starts on its size
    assert [str(net) for net in split] == [
        "192.168.0.0/25",
        "192.168.0.128/26",
        "192.168.0.192/27",
        "192.168.0.224/30",
    ]


@pytest.mark.points(1)
def test_order_of_counts_is_kept(subnet_plan):
    got = [str(net) for net in subnet_plan.vlsm("10.0.0.0/24", [2, 20, 100, 50])]
    assert got == ["10.0.0.224/30", "10.0.0.192/27", "10.0.0.0/25", "10.0.0.128/26"]


@pytest.mark.points(1)
def test_too_many_hosts(subnet_plan, exercise):
    for counts in ([200, 100], [300], [100, 100, 2]):
        with pytest.raises(ValueError):
            subnet_plan.vlsm(str(PARENT), counts)
    result = testing.run_script(
        exercise.path("subnet_plan.py"), "--vlsm", str(PARENT), "200", "100"
    )
    testing.assert_one_line_error(result, 2)
