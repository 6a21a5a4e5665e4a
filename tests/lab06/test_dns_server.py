"""dns_server.py: the lab zone's answers, CNAME chasing, NXDOMAIN vs NoAnswer, robustness."""

import gc
import socket
import time
import warnings

import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import dns.resolver
import dns_server
import pytest

from labkit.testing import assert_one_line_error, run_script, start_script

from .conftest import LAB
from .fixtures_dns import ZONE_FILE

SCRIPT = LAB / "dns_server.py"


def ask(port: int, name: str, rtype: str) -> dns.message.Message:
    """Send one query over UDP and return the whole reply, sections and all."""
    query = dns.message.make_query(name, rtype)
    return dns.query.udp(query, "127.0.0.1", port=port, timeout=2)


def texts(answer) -> list[str]:
    return sorted(rdata.to_text() for rdata in answer)


def test_help():
    result = run_script(SCRIPT, "--help")
    assert result.returncode == 0
    assert "--zone" in result.stdout and "--port" in result.stdout


@pytest.mark.parametrize(
    ("name", "rtype", "expected"),
    [
        ("www.lab.test", "A", ["127.0.0.13", "127.0.0.31"]),
        ("mail.lab.test", "A", ["127.0.0.10"]),
        ("files.lab.test", "A", ["127.0.0.11"]),
        ("infra.lab.test", "A", ["127.0.0.12"]),
        ("lab.test", "MX", ["10 mail.lab.test.", "20 backup-mx.lab.test."]),
        ("smtp.lab.test", "CNAME", ["mail.lab.test."]),
        ("pypi.lab.test", "CNAME", ["www.lab.test."]),
        ("www.lab.test", "AAAA", ["::1"]),
        ("1.0.0.127.in-addr.arpa", "PTR", ["localhost.lab.test."]),
        ("13.0.0.127.in-addr.arpa", "PTR", ["www.lab.test."]),
        ("amazon.lab.test", "A", ["178.236.6.251"]),
        ("python.org", "A", ["104.130.43.121"]),
        ("WWW.Lab.TEST", "A", ["127.0.0.13", "127.0.0.31"]),  # names ignore case
    ],
)
def test_zone_records(lab_dns, name, rtype, expected):
    assert texts(lab_dns.resolver.resolve(name, rtype)) == expected


def test_txt_record(lab_dns):
    (txt,) = lab_dns.resolver.resolve("lab.test", "TXT")
    assert b"".join(txt.strings).startswith(b"Python Network Programming Labs")


def test_answers_are_authoritative_and_echo_the_id(lab_dns):
    query = dns.message.make_query("www.lab.test", "A", id=0xC616)
    reply = dns.query.udp(query, "127.0.0.1", port=lab_dns.port, timeout=2)
    assert reply.id == 0xC616
    assert reply.flags & dns.flags.QR and reply.flags & dns.flags.AA
    assert reply.question == query.question


def test_alias_is_chased_in_the_answer_section(lab_dns):
    reply = ask(lab_dns.port, "smtp.lab.test", "A")
    types = [rrset.rdtype for rrset in reply.answer]
    assert types == [dns.rdatatype.CNAME, dns.rdatatype.A]
    answer = lab_dns.resolver.resolve("smtp.lab.test", "A")
    assert texts(answer) == ["127.0.0.10"]
    assert answer.canonical_name.to_text() == "mail.lab.test."


def test_chain_of_two_aliases(lab_dns):
    answer = lab_dns.resolver.resolve("docs.lab.test", "A")  # docs -> pypi -> www
    assert texts(answer) == ["127.0.0.13", "127.0.0.31"]
    assert answer.canonical_name.to_text() == "www.lab.test."


def test_mx_targets_addresses_in_additional(lab_dns):
    reply = ask(lab_dns.port, "lab.test", "MX")
    glue = {rrset.name.to_text(): texts(rrset) for rrset in reply.additional}
    assert glue == {"mail.lab.test.": ["127.0.0.10"], "backup-mx.lab.test.": ["127.0.0.14"]}


def test_unknown_name_is_nxdomain_with_soa(lab_dns):
    reply = ask(lab_dns.port, "nosuch.lab.test", "A")
    assert reply.rcode() == dns.rcode.NXDOMAIN
    assert [rrset.rdtype for rrset in reply.authority] == [dns.rdatatype.SOA]
    with pytest.raises(dns.resolver.NXDOMAIN):
        lab_dns.resolver.resolve("nosuch.lab.test", "A")


def test_known_name_without_that_type_is_no_answer(lab_dns):
    reply = ask(lab_dns.port, "mail.lab.test", "MX")
    assert reply.rcode() == dns.rcode.NOERROR and not reply.answer
    with pytest.raises(dns.resolver.NoAnswer):
        lab_dns.resolver.resolve("mail.lab.test", "MX")
    with pytest.raises(dns.resolver.NoAnswer):  # has names below it: not NXDOMAIN
        lab_dns.resolver.resolve("0.0.127.in-addr.arpa", "PTR")


def test_keeps_serving_after_garbage(lab_dns):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for junk in (b"garbage", b"\x00", b"\xff" * 40):
            sock.sendto(junk, ("127.0.0.1", lab_dns.port))
    assert texts(lab_dns.resolver.resolve("mail.lab.test", "A")) == ["127.0.0.10"]


def test_cname_loop_does_not_hang():
    zone = "$ORIGIN loop.test.\na IN CNAME b.loop.test.\nb IN CNAME a.loop.test.\n"
    server = dns_server.start(zone)
    try:
        reply = ask(server.port, "a.loop.test", "A")
        assert len(reply.answer) >= 1
        assert all(rrset.rdtype == dns.rdatatype.CNAME for rrset in reply.answer)
    finally:
        dns_server.stop(server)


def test_stop_closes_the_socket():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        server = dns_server.start(ZONE_FILE.read_text())
        sock = server.server.socket
        dns_server.stop(server)
        del server
        gc.collect()
    assert sock.fileno() == -1
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]


def test_bad_zone_data_raises_value_error():
    with pytest.raises(ValueError, match="bad zone data"):
        dns_server.make_server("www IN A not-an-address\n")


def test_script_serves_and_stops_cleanly():
    with start_script(SCRIPT, "--port", "0") as proc:
        assert proc.host == "127.0.0.1"
        reply = ask(proc.port, "www.lab.test", "A")
        assert sorted(rr.to_text() for rrset in reply.answer for rr in rrset) == [
            "127.0.0.13",
            "127.0.0.31",
        ]
        assert proc.stop() == 0
        assert "Traceback" not in proc.stderr_text()


def test_script_verbose_logs_queries():
    with start_script(SCRIPT, "--port", "0", "--verbose") as proc:
        ask(proc.port, "files.lab.test", "A")
        proc.wait_for_line(r"files\.lab\.test")


def test_script_other_zone_file(tmp_path):
    zone = tmp_path / "mini.zone"
    zone.write_text("$ORIGIN mini.test.\nhost IN A 127.0.0.99\n")
    with start_script(SCRIPT, "--port", "0", "--zone", str(zone)) as proc:
        reply = ask(proc.port, "host.mini.test", "A")
        assert reply.answer[0][0].to_text() == "127.0.0.99"
        assert ask(proc.port, "www.lab.test", "A").rcode() == dns.rcode.NXDOMAIN


def test_missing_zone_file(tmp_path):
    result = run_script(SCRIPT, "--port", "0", "--zone", str(tmp_path / "none.zone"))
    assert "cannot read zone file" in assert_one_line_error(result, 1)


def test_bad_zone_file(tmp_path):
    zone = tmp_path / "bad.zone"
    zone.write_text("www IN A not-an-address\n")
    result = run_script(SCRIPT, "--port", "0", "--zone", str(zone))
    assert "bad zone data" in assert_one_line_error(result, 1)


def test_port_in_use():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        start = time.monotonic()
        result = run_script(SCRIPT, "--port", str(port))
    assert "cannot listen" in assert_one_line_error(result, 1)
    assert time.monotonic() - start < 20


@pytest.mark.parametrize("args", [["--port", "70000"], ["--port", "x"], ["--nope"]])
def test_bad_arguments(args):
    assert_one_line_error(run_script(SCRIPT, *args), 2)
