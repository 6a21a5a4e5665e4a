"""The addressing facts of chapter 1, checked with ipaddress, and the scripts that show
them: subnet_calc.py and ipv6_forms.py."""

import ipaddress
import socket
from urllib.parse import urlparse

import pytest

from labkit import lab_dir, testing

LAB = lab_dir("01")
LONG = "2001:0db8:85a3:0000:0000:b81a:63d6:135b"
SHORT = "2001:db8:85a3::b81a:63d6:135b"

subnet_calc = testing.load_module(LAB / "subnet_calc.py")
ipv6_forms = testing.load_module(LAB / "ipv6_forms.py")


def run(script, *args):
    return testing.run_script(LAB / script, *args)


# --- the facts themselves -------------------------------------------------------------

BOOK_MASKS = [
    ("255.0.0.0", 8),
    ("255.192.0.0", 10),
    ("255.255.255.0", 24),
    ("255.255.255.240", 28),
]


@pytest.mark.parametrize(("mask", "prefix"), BOOK_MASKS)
def test_the_books_masks(mask, prefix):
    assert ipaddress.IPv4Network(f"0.0.0.0/{mask}").prefixlen == prefix
    assert subnet_calc.mask_to_prefix(mask) == prefix


def test_network_and_broadcast_of_192_168_0_186_24():
    network = ipaddress.IPv4Interface("192.168.0.186/24").network
    assert str(network.network_address) == "192.168.0.0"
    assert str(network.broadcast_address) == "192.168.0.255"
    # The network prefix is the address AND the mask.
    address, mask = ipaddress.IPv4Address("192.168.0.186"), network.netmask
    assert ipaddress.IPv4Address(int(address) & int(mask)) == network.network_address


def test_a_28_has_16_addresses_and_14_hosts():
    network = ipaddress.IPv4Network("192.168.0.176/28")
    assert network.num_addresses == 16
    assert len(list(network.hosts())) == 14
    assert subnet_calc.usable_hosts(network) == 14


@pytest.mark.parametrize(
    "address", ["10.0.0.0", "10.255.255.255", "172.16.0.0", "172.31.255.255", "192.168.0.4"]
)
def test_rfc1918_ranges_are_private(address):
    # Only RFC 1918 and loopback: is_private was revised in 3.12.4/3.13 for other ranges.
    assert ipaddress.IPv4Address(address).is_private
    assert any(ipaddress.IPv4Address(address) in block for block in subnet_calc.RFC1918)


@pytest.mark.parametrize("address", ["172.15.255.255", "172.32.0.0", "11.0.0.1"])
def test_next_to_rfc1918_is_not(address):
    assert not any(ipaddress.IPv4Address(address) in block for block in subnet_calc.RFC1918)


def test_loopback_is_private():
    assert ipaddress.IPv4Address("127.0.0.1").is_private
    assert ipaddress.IPv4Address("127.0.0.1").is_loopback


def test_the_two_ipv6_spellings_are_one_address():
    long, short = ipaddress.IPv6Address(LONG), ipaddress.IPv6Address(SHORT)
    assert long == short
    assert long.compressed == SHORT
    assert short.exploded == LONG


def test_the_url_form_gives_back_the_bare_address():
    url = f"http://[{SHORT}]/index.html"
    assert urlparse(url).hostname == SHORT
    assert ipv6_forms.url_form(ipaddress.IPv6Address(LONG)) == url


def test_lo_is_among_the_interfaces():
    assert "lo" in [name for _index, name in socket.if_nameindex()]


# --- subnet_calc.py -------------------------------------------------------------------


def test_subnet_calc_for_the_books_address():
    result = run("subnet_calc.py", "192.168.0.186/24")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "address:      192.168.0.186",
        "network:      192.168.0.0",
        "netmask:      255.255.255.0",
        "prefix:       /24",
        "mask bits:    11111111 11111111 11111111 00000000",
        "broadcast:    192.168.0.255",
        "addresses:    256",
        "usable hosts: 254 (192.168.0.1 - 192.168.0.254)",
        "private:      yes, in 192.168.0.0/16 (RFC 1918)",
    ]


@pytest.mark.parametrize("spelling", [["192.168.0.186/28"], ["192.168.0.186/255.255.255.240"],
                                      ["192.168.0.186", "--mask", "255.255.255.240"]])  # fmt: skip
def test_subnet_calc_for_a_28(spelling):
    lines = run("subnet_calc.py", *spelling).stdout.splitlines()
    assert "prefix:       /28" in lines
    assert "network:      192.168.0.176" in lines
    assert "broadcast:    192.168.0.191" in lines
    assert "addresses:    16" in lines
    assert "usable hosts: 14 (192.168.0.177 - 192.168.0.190)" in lines


@pytest.mark.parametrize(("mask", "prefix"), BOOK_MASKS)
def test_subnet_calc_converts_a_mask(mask, prefix):
    result = run("subnet_calc.py", "--mask", mask)
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    assert line.startswith(f"{mask} = ") and line.endswith(f" = /{prefix}")
    bits = line.split(" = ")[1].replace(" ", "")
    assert bits == "1" * prefix + "0" * (32 - prefix)


def test_subnet_calc_edge_prefixes():
    assert subnet_calc.usable_hosts(ipaddress.IPv4Network("10.0.0.0/31")) == 2
    assert subnet_calc.usable_hosts(ipaddress.IPv4Network("10.0.0.1/32")) == 1
    assert subnet_calc.report(subnet_calc.parse_interface("8.8.8.8/8"))[-1].endswith("no")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ([], "give an ADDRESS/PREFIX"),
        (["192.168.0.186"], "has no prefix"),
        (["192.168.0.186/33"], "not a prefix length"),
        (["192.168.0.186/255.0.255.0"], "not a netmask"),
        (["192.168.0.186/24", "--mask", "255.0.0.0"], "not both"),
        (["192.168.0.256/24"], "192.168.0.256"),
        (["--mask", "255.255.0.255"], "not a netmask"),
        (["--mask", "banana"], "banana"),
    ],
)
def test_subnet_calc_bad_input_is_a_usage_error(args, fragment):
    result = run("subnet_calc.py", *args)
    assert result.stdout == ""
    line = testing.assert_one_line_error(result, 2)  # no usage text, no traceback
    assert line.startswith("subnet_calc.py: error: ") and fragment in line, line


# --- ipv6_forms.py --------------------------------------------------------------------


def test_ipv6_forms_of_the_books_address():
    result = run("ipv6_forms.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"exploded:   {LONG}",
        f"compressed: {SHORT}",
        f"URL:        http://[{SHORT}]/index.html",
        f"URL host:   {SHORT}",
        "scope:      documentation prefix (RFC 3849): never used on a real network",
    ]


def test_ipv6_forms_says_two_spellings_are_the_same():
    result = run("ipv6_forms.py", LONG, SHORT)
    assert result.stdout.splitlines()[-1] == "all the same address: yes"
    result = run("ipv6_forms.py", SHORT, "::1")
    assert result.stdout.splitlines()[-1] == "all the same address: no"


@pytest.mark.parametrize(
    ("address", "scope"),
    [
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local unicast"),
        ("fd00::5", "unique local"),
        ("ff02::1", "multicast, link-local scope"),
        ("ff0e::1", "multicast, global scope"),
        ("2a00:1450::1", "global unicast"),
        ("::ffff:192.168.0.1", "IPv4-mapped"),
    ],
)
def test_ipv6_scopes(address, scope):
    assert ipv6_forms.scope(ipaddress.IPv6Address(address)).startswith(scope)


def test_a_zone_is_kept_and_escaped_in_the_url():
    lines = ipv6_forms.forms(ipaddress.IPv6Address("fe80::1%eth0"))
    assert "compressed: fe80::1%eth0" in lines
    assert "URL:        http://[fe80::1%25eth0]/index.html" in lines
    assert "zone:       eth0" in lines


@pytest.mark.parametrize(
    ("address", "fragment"),
    [("2001:db8::g", "Only hex digits"), ("1:2:3", "parts"), ("192.168.0.1", "looks like IPv4")],
)
def test_ipv6_forms_bad_address_is_a_usage_error(address, fragment):
    result = run("ipv6_forms.py", address)
    assert result.stdout == ""
    line = testing.assert_one_line_error(result, 2)  # no usage text, no traceback
    assert line.startswith("ipv6_forms.py: error: ") and fragment in line, line
