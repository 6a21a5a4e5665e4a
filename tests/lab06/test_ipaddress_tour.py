"""ipaddress_tour.py: the book's REPL values, with its three errata corrected."""

import pytest

from labkit import testing

from .conftest import LAB


@pytest.fixture(scope="module")
def lines() -> dict[str, list[str]]:
    """Expression -> the values printed for it (an expression may appear twice)."""
    result = testing.run_script(LAB / "ipaddress_tour.py")
    assert (result.returncode, result.stderr) == (0, "")
    values: dict[str, list[str]] = {}
    for line in result.stdout.splitlines():
        if line and not line.startswith("#"):
            expression, value = line.split("  ", 1)
            values.setdefault(expression.strip(), []).append(value.strip())
    return values


def test_help():
    result = testing.run_script(LAB / "ipaddress_tour.py", "--help")
    assert result.returncode == 0 and result.stdout.startswith("usage: ipaddress_tour.py")


def test_errata_corrected(lines):
    assert lines["all_hosts[-1]"] == ["IPv4Address('10.0.1.254')"]  # book: 10.0.1.1
    assert lines["net4.supernet()"] == ["IPv4Network('10.0.0.0/23')"]  # book: 10.0.1.0/23
    assert lines["lo.is_private"] == ["True"]  # book (Python 3.3): False


def test_network_objects(lines):
    assert lines["net4.netmask"] == ["IPv4Address('255.255.255.0')"]
    assert lines["str(net4.network_address)"] == ["'10.0.1.0'"]
    assert lines["str(net4.broadcast_address)"] == ["'10.0.1.255'"]
    assert lines["net4.num_addresses"] == ["256"]
    assert lines["len(all_hosts)"] == ["254"]
    assert lines["all_hosts[0]"] == ["IPv4Address('10.0.1.1')"]
    assert lines["list(net4.subnets())"] == [
        "[IPv4Network('10.0.1.0/25'), IPv4Network('10.0.1.128/25')]"
    ]


def test_interface_objects(lines):
    assert lines["eth0.ip"] == ["IPv4Address('192.168.0.1')"]
    assert lines["eth0.with_prefixlen"] == ["'192.168.0.1/24'"]
    assert lines["eth0.with_netmask"] == ["'192.168.0.1/255.255.255.0'"]
    assert lines["eth0.network"] == ["IPv4Network('192.168.0.0/24')"]
    assert lines["eth0.is_private"] == ["True", "True"]  # the interface, then the address
    assert lines["eth0.is_reserved"] == ["False"]
    assert lines["eth0.is_multicast"] == ["False"]


def test_address_objects(lines):
    assert lines["eth1"] == ["IPv4Address('192.168.2.2')"]
    assert lines["eth0 == eth1"] == ["False"]
    assert lines["lo.is_loopback"] == ["True"]
    assert lines["lo.is_reserved"] == ["False"]
    assert lines["str(lo)"] == ["'127.0.0.1'"]
    assert lines["eth0 in net"] == ["True"]
    assert lines["eth1 in net"] == ["False", "True"]  # 192.168.2.2, then eth0 + 1
    assert lines["eth1 = eth0 + 1"] == ["IPv4Address('192.168.1.2')"]
