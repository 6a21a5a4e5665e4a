"""dns_snippets.py: A records and reverse names, through the lab server only."""

import ast
import time

import dns_snippets
import pytest

from labkit.testing import assert_one_line_error, run_script

from .conftest import LAB

SCRIPT = LAB / "dns_snippets.py"


def test_help():
    result = run_script(SCRIPT, "--help")
    assert result.returncode == 0 and "--server" in result.stdout


def test_book_output(lab_dns):
    result = run_script(SCRIPT, *lab_dns.args())
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "IP 104.130.43.121",
        "1.0.0.127.in-addr.arpa.",
        "127.0.0.1",
    ]


def test_other_name_and_address(lab_dns):
    result = run_script(
        SCRIPT, *lab_dns.args(), "--name", "www.lab.test", "--address", "127.0.0.13"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "IP 127.0.0.13",
        "IP 127.0.0.31",
        "13.0.0.127.in-addr.arpa.",
        "127.0.0.13",
    ]


def test_resolver_ignores_resolv_conf():
    resolver = dns_snippets.lab_resolver("127.0.0.1", 5353, 1.5)
    assert resolver.nameservers == ["127.0.0.1"]
    assert resolver.port == 5353 and resolver.lifetime == 1.5
    assert resolver.search == []


def test_functions(lab_dns):
    assert dns_snippets.addresses(lab_dns.resolver, "mail.lab.test") == ["127.0.0.10"]
    assert dns_snippets.reverse_name("::1").endswith(".ip6.arpa.")
    assert dns_snippets.address_of("12.0.0.127.in-addr.arpa.") == "127.0.0.12"


def test_uses_resolve_not_deprecated_query(lab_dns):
    result = run_script(
        SCRIPT, *lab_dns.args(), env={"PYTHONWARNINGS": "error::DeprecationWarning"}
    )
    assert result.returncode == 0, result.stderr
    calls = [
        node.attr
        for node in ast.walk(ast.parse(SCRIPT.read_text()))
        if isinstance(node, ast.Attribute)
    ]
    assert "resolve" in calls and "query" not in calls


def test_nxdomain(lab_dns):
    result = run_script(SCRIPT, *lab_dns.args(), "--name", "nosuch.lab.test")
    assert "NXDOMAIN" in assert_one_line_error(result, 1)
    assert result.stdout == ""


def test_no_server_times_out(silent_udp):
    start = time.monotonic()
    result = run_script(SCRIPT, "--port", str(silent_udp), "--timeout", "1")
    assert "no valid answer" in assert_one_line_error(result, 1)
    assert time.monotonic() - start < 10


@pytest.mark.parametrize(
    "args",
    [
        ["--server", "dns.lab.test"],
        ["--address", "300.1.1.1"],
        ["--port", "-1"],
        ["--timeout", "0"],
    ],
)
def test_bad_arguments(args):
    assert_one_line_error(run_script(SCRIPT, *args), 2)
