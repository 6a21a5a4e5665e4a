"""Exercise 5: the dnsq command-line tool, run against the lab DNS server."""

import time

import pytest

from labkit.testing import assert_one_line_error, run_script


@pytest.fixture
def dnsq(exercise, lab_dns):
    path = exercise.path("dnsq.py")

    def run(*args, port=None, timeout="2"):
        server = ["--port", str(port)] if port else lab_dns.args()
        return run_script(path, *args, *server, "--timeout", timeout)

    return run


def lines(result):
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.points(1)
def test_a_records_sorted_and_default_type(dnsq):
    assert lines(dnsq("www.lab.test", "A")) == ["127.0.0.13", "127.0.0.31"]
    assert lines(dnsq("mail.lab.test")) == ["127.0.0.10"]


@pytest.mark.points(1)
def test_mx_sorted_by_preference_any_case(dnsq):
    expected = ["10 mail.lab.test.", "20 backup-mx.lab.test."]
    assert lines(dnsq("lab.test", "MX")) == expected
    assert lines(dnsq("lab.test", "mx")) == expected


@pytest.mark.points(1)
def test_cname_aaaa_txt(dnsq):
    assert lines(dnsq("smtp.lab.test", "CNAME")) == ["mail.lab.test."]
    assert lines(dnsq("www.lab.test", "AAAA")) == ["::1"]
    assert lines(dnsq("lab.test", "TXT")) == ["Python Network Programming Labs: the lab.test zone"]


@pytest.mark.points(1)
def test_ptr_from_an_address(dnsq):
    assert lines(dnsq("127.0.0.12", "PTR")) == ["infra.lab.test."]
    assert lines(dnsq("14.0.0.127.in-addr.arpa", "PTR")) == ["backup-mx.lab.test."]


@pytest.mark.points(1)
def test_nxdomain_and_no_answer_exit_1(dnsq):
    for args in (["nosuch.lab.test", "A"], ["mail.lab.test", "MX"]):
        result = dnsq(*args)
        assert_one_line_error(result, 1)
        assert result.stdout == ""


@pytest.mark.points(1)
def test_silent_server_exit_1_in_time(dnsq, silent_udp):
    start = time.monotonic()
    result = dnsq("www.lab.test", port=silent_udp, timeout="1")
    assert_one_line_error(result, 1)
    assert time.monotonic() - start < 10


@pytest.mark.points(2)
def test_usage_errors_exit_2(exercise, lab_dns):
    path = exercise.path("dnsq.py")
    for args in (
        [],
        ["www.lab.test", "BOGUS"],
        ["a..b.lab.test"],
        ["www.lab.test", "--server", "dns.lab.test"],
        ["www.lab.test", "--port", "70000"],
    ):
        assert_one_line_error(run_script(path, *args), 2)
