"""hostname_info.py and local_network_config.py: formatting with netifaces faked, and,
as root, the book's exact output inside a namespace that looks like its machine."""

import socket

import hostname_info
import local_network_config
import pytest

from labkit import testing

from .conftest import LAB

BOOK_BLOCK = (
    "Host name: debian6box\n"
    "Network interface: lo\n"
    "\tIP address: 127.0.0.1\n"
    "\tNetmask: 255.0.0.0\n"
    "Network interface: eth0\n"
    "\tIP address: 10.0.2.15\n"
    "\tNetmask: 255.255.255.0\n"
    "Default gateway: 10.0.2.2\n"
)
AF_INET, AF_INET6, AF_PACKET = 2, 10, 17


@pytest.mark.parametrize("script", ["hostname_info.py", "local_network_config.py"])
def test_help(script):
    result = testing.run_script(LAB / script, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: {script}")


@pytest.mark.parametrize("script", ["hostname_info.py", "local_network_config.py"])
def test_no_arguments_taken(script):
    line = testing.assert_one_line_error(testing.run_script(LAB / script, "eth0"), 2)
    assert "unrecognized arguments" in line


# --- netifaces faked: the formatting ---------------------------------------------------


@pytest.fixture
def fake_machine(monkeypatch):
    """The book's machine as netifaces would describe it, plus an address-less interface."""
    table = {
        "lo": {
            AF_PACKET: [{"addr": "00:00:00:00:00:00"}],
            AF_INET: [{"addr": "127.0.0.1", "netmask": "255.0.0.0", "peer": "127.0.0.1"}],
            AF_INET6: [{"addr": "::1", "netmask": "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"}],
        },
        "eth0": {
            AF_INET: [
                {"addr": "10.0.2.15", "netmask": "255.255.255.0", "broadcast": "10.0.2.255"},
                {"addr": "10.0.2.16", "netmask": "255.255.255.0"},  # a second address
            ]
        },
        "wlan0": {AF_PACKET: [{"addr": "08:00:27:1d:1e:db"}]},  # up, but no IPv4 address
    }
    gateways = {"default": {AF_INET: ("10.0.2.2", "eth0")}, AF_INET: [("10.0.2.2", "eth0", True)]}
    netifaces = local_network_config.netifaces
    monkeypatch.setattr(netifaces, "interfaces", lambda: list(table))
    monkeypatch.setattr(netifaces, "ifaddresses", lambda name: table[name])
    monkeypatch.setattr(netifaces, "gateways", lambda: gateways)
    monkeypatch.setattr(socket, "gethostname", lambda: "debian6box")
    return gateways


def test_the_books_block(fake_machine, capsys):
    assert local_network_config.main([]) == 0
    assert capsys.readouterr().out == BOOK_BLOCK


def test_no_default_route(fake_machine, capsys):
    fake_machine["default"].clear()  # netifaces-plus: {"default": {}} without a route
    assert local_network_config.main([]) == 0
    out = capsys.readouterr().out
    assert out.endswith("\nDefault gateway: none\n")
    fake_machine.clear()  # and no "default" key at all
    assert local_network_config.main([]) == 0
    assert capsys.readouterr().out == out


def test_only_an_ipv6_default_route(fake_machine, capsys):
    fake_machine["default"] = {AF_INET6: ("fe80::1", "eth0")}
    local_network_config.main([])
    assert capsys.readouterr().out.endswith("\nDefault gateway: none\n")


def test_hostname_info_formatting(monkeypatch, capsys):
    monkeypatch.setattr(socket, "gethostname", lambda: "debian6box.localdomain.loc")
    monkeypatch.setattr(
        socket, "gethostbyname", {"debian6box.localdomain.loc": "10.0.2.15"}.__getitem__
    )
    assert hostname_info.main([]) == 0
    assert (
        capsys.readouterr().out == "Host name: debian6box.localdomain.loc\nIP address: 10.0.2.15\n"
    )


def test_hostname_that_does_not_resolve(monkeypatch, capsys):
    def no_such_name(name):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "gethostname", lambda: "nowhere.invalid")
    monkeypatch.setattr(socket, "gethostbyname", no_such_name)
    assert hostname_info.main([]) == 1
    captured = capsys.readouterr()
    assert captured.out == "Host name: nowhere.invalid\n"
    assert len(captured.err.splitlines()) == 1
    assert "cannot resolve nowhere.invalid" in captured.err


# --- as root: a namespace like the book's VirtualBox machine --------------------------


def test_book_output_in_a_namespace(netns):
    ns = netns()
    result = ns.python(LAB / "local_network_config.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == BOOK_BLOCK


def test_hostname_info_in_a_namespace(netns):
    ns = netns()
    result = ns.python(LAB / "hostname_info.py")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "Host name: debian6box\nIP address: 10.0.2.15\n"
    # the same answers the socket module gives in there
    check = ns.python(
        "-c", "import socket; n = socket.gethostname(); print(n, socket.gethostbyname(n))"
    )
    assert check.stdout == "debian6box 10.0.2.15\n"


def test_namespace_without_default_route(netns):
    ns = netns(gw=None)
    result = ns.python(LAB / "local_network_config.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == BOOK_BLOCK.replace("10.0.2.2\n", "none\n")


def test_only_loopback(netns):
    ns = netns(addr=None, gw=None)
    result = ns.python(LAB / "local_network_config.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        "Network interface: lo",
        "\tIP address: 127.0.0.1",
        "\tNetmask: 255.0.0.0",
        "Default gateway: none",
    ]
