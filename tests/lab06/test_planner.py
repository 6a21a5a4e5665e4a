"""net_ip_planner.py: the book's session, and the bugs fixed (range, bad input, EOF)."""

import ipaddress

import net_ip_planner
import pytest

from labkit import testing

from .conftest import LAB

PROMPT = "Enter the prefixlen (24-30): "
ASK_OK = "Is this configuration OK [y/n]? "
RETRY = "Please type a whole number from 24 to 30."
BLOCK_28 = [
    "Using network address:192.168.0.0/28",
    "This prefix will give 16 IP addresses",
    "The network configuration will be",
    "\tnetwork address: 192.168.0.0",
    "\tnetmask: 255.255.255.240",
    "\tbroadcast address: 192.168.0.15",
    "\thost IP addresses: from 192.168.0.1 to 192.168.0.14",
]
BLOCK_26 = [
    "Using network address:192.168.0.0/26",
    "This prefix will give 64 IP addresses",
    "The network configuration will be",
    "\tnetwork address: 192.168.0.0",
    "\tnetmask: 255.255.255.192",
    "\tbroadcast address: 192.168.0.63",
    "\thost IP addresses: from 192.168.0.1 to 192.168.0.62",
]


def plan(stdin: str):
    return testing.run_script(LAB / "net_ip_planner.py", input=stdin, timeout=15)


def test_help():
    result = testing.run_script(LAB / "net_ip_planner.py", "--help")
    assert result.returncode == 0 and result.stdout.startswith("usage: net_ip_planner.py")


def test_the_books_session():
    result = plan("28\nn\n26\ny\n")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        PROMPT + "28",  # a piped answer is echoed after its prompt
        *BLOCK_28,
        ASK_OK + "n",
        PROMPT + "26",
        *BLOCK_26,
        ASK_OK + "y",
    ]


@pytest.mark.parametrize("bad", ["23", "31", "0", "-28", "abc", "", "28.5", "²"])
def test_bad_prefix_asks_again(bad):
    result = plan(f"{bad}\n28\nY\n")  # 23 was accepted by the book's range(23, 31)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        PROMPT + bad,
        RETRY,
        PROMPT + "28",
        *BLOCK_28,
        ASK_OK + "Y",
    ]


@pytest.mark.parametrize("prefix", [24, 30])
def test_both_ends_of_the_range(prefix):
    result = plan(f"{prefix}\ny\n")
    network = ipaddress.ip_network(f"192.168.0.0/{prefix}")
    hosts = list(network.hosts())
    assert f"This prefix will give {network.num_addresses} IP addresses" in result.stdout
    assert f"\thost IP addresses: from {hosts[0]} to {hosts[-1]}" in result.stdout


@pytest.mark.parametrize("stdin", ["", "28\n", "28\nn\n", "abc\n"])
def test_end_of_input_is_a_clean_exit(stdin):
    result = plan(stdin)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.endswith("\n")  # the last prompt's line is ended


def test_hosts_built_once(monkeypatch):
    calls = []
    original = ipaddress.IPv4Network.hosts

    def counting_hosts(self):
        calls.append(self)
        return original(self)

    monkeypatch.setattr(ipaddress.IPv4Network, "hosts", counting_hosts)
    lines = net_ip_planner.describe(ipaddress.ip_network("192.168.0.0/24"))
    assert lines[-1] == "\thost IP addresses: from 192.168.0.1 to 192.168.0.254"
    assert len(calls) == 1
