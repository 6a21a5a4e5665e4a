"""dns_client.py: one-shot look-ups, the book's interactive loop, and its failures."""

import time

import dns_client
import pytest

from labkit.testing import assert_one_line_error, run_script

from .conftest import LAB

SCRIPT = LAB / "dns_client.py"
MX_LINES = [
    "Got answers for Mail server records:",
    "Mailserver mail.lab.test. has preference 10",
    "Mailserver backup-mx.lab.test. has preference 20",
]
PROMPTS = (
    "Enter the DNS name to resolve: ",
    "Enter the query type [A/MX/CNAME]: ",
    "Do you want to lookup more records? [y/n]: ",
)


def one_shot(lab_dns, *args):
    return run_script(SCRIPT, *lab_dns.args(), "--timeout", "2", *args)


def without_prompts(text: str) -> list[str]:
    for prompt in PROMPTS:
        text = text.replace(prompt, "")
    return [line for line in text.splitlines() if line]


def test_help():
    result = run_script(SCRIPT, "--help")
    assert result.returncode == 0 and "PTR" in result.stdout


def test_a_records_sorted(lab_dns):
    result = one_shot(lab_dns, "www.lab.test", "A")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["Got answer IP address: ['127.0.0.13', '127.0.0.31']"]


def test_type_defaults_to_a_and_alias_is_shown(lab_dns):
    result = one_shot(lab_dns, "smtp.lab.test")
    assert result.stdout.splitlines() == [
        "Got answer IP address: ['127.0.0.10']",
        "(smtp.lab.test. is an alias for mail.lab.test.)",
    ]


def test_mx_header_once_sorted_by_preference(lab_dns):
    result = one_shot(lab_dns, "lab.test", "mx")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == MX_LINES


def test_cname(lab_dns):
    result = one_shot(lab_dns, "pypi.lab.test", "CNAME")
    assert result.stdout.splitlines() == ["Got answer Aliases: ['www.lab.test.']"]


@pytest.mark.parametrize("name", ["127.0.0.10", "10.0.0.127.in-addr.arpa"])
def test_ptr(lab_dns, name):
    result = one_shot(lab_dns, name, "PTR")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["Got answer Host names: ['mail.lab.test.']"]


def test_nxdomain(lab_dns):
    result = one_shot(lab_dns, "nosuch.lab.test", "A")
    line = assert_one_line_error(result, 1)
    assert "nosuch.lab.test" in line and "NXDOMAIN" in line


def test_no_answer(lab_dns):
    result = one_shot(lab_dns, "www.lab.test", "CNAME")
    assert "no CNAME record" in assert_one_line_error(result, 1)


def test_no_server_times_out(silent_udp):
    start = time.monotonic()
    result = run_script(SCRIPT, "--port", str(silent_udp), "--timeout", "1", "www.lab.test")
    assert "no valid answer" in assert_one_line_error(result, 1)
    assert time.monotonic() - start < 10


def test_malformed_reply(garbage_dns):
    result = run_script(SCRIPT, "--port", str(garbage_dns), "--timeout", "1", "www.lab.test")
    assert_one_line_error(result, 1)


@pytest.mark.parametrize(
    "args",
    [
        ["www.lab.test", "TXT"],  # a type this client does not implement
        ["a..b.lab.test", "A"],  # an empty label
        ["www.lab.test", "A", "--port", "99999"],
        ["www.lab.test", "A", "--server", "localhost"],
    ],
)
def test_bad_arguments(args):
    assert_one_line_error(run_script(SCRIPT, *args), 2)


def test_interactive_book_dialogue(lab_dns):
    answers = "lab.test\nMX\ny\nwww.lab.test\nA\ny\nsmtp.lab.test\nCNAME\nn\n"
    result = run_script(SCRIPT, *lab_dns.args(), input=answers)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(PROMPTS[0]) == 3
    assert without_prompts(result.stdout) == [
        *MX_LINES,
        "Got answer IP address: ['127.0.0.13', '127.0.0.31']",
        "Got answer Aliases: ['mail.lab.test.']",
    ]


def test_interactive_survives_failures(lab_dns):
    answers = (
        "nosuch.lab.test\nA\ny\nwww.lab.test\nTXT\ny\nmail.lab.test\nMX\ny\nfiles.lab.test\nA\nn\n"
    )
    result = run_script(SCRIPT, *lab_dns.args(), input=answers)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert without_prompts(result.stdout) == [
        "nosuch.lab.test: no such domain (NXDOMAIN)",
        "Record type: TXT is not implemented",
        "mail.lab.test: no MX record",
        "Got answer IP address: ['127.0.0.11']",
    ]


def test_interactive_end_of_input(lab_dns):
    result = run_script(SCRIPT, *lab_dns.args(), input="mail.lab.test\nA\n")
    assert result.returncode == 0 and result.stderr == ""
    assert "Got answer IP address: ['127.0.0.10']" in result.stdout


def test_interactive_no_server(silent_udp):
    args = ["--port", str(silent_udp), "--timeout", "1"]
    result = run_script(SCRIPT, *args, input="x.lab.test\nA\n")
    assert "no valid answer" in assert_one_line_error(result, 1)


def test_lookup_function(lab_dns):
    assert dns_client.lookup(lab_dns.resolver, "lab.test", "MX") == MX_LINES
    with pytest.raises(dns_client.LookupFailed, match="not implemented"):
        dns_client.lookup(lab_dns.resolver, "lab.test", "SRV")
    with pytest.raises(dns_client.LookupFailed, match="NXDOMAIN") as failed:
        dns_client.lookup(lab_dns.resolver, "nosuch.lab.test", "A")
    assert not failed.value.no_server
