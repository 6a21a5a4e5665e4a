"""Exercise 4: build_query() byte for byte, query() over UDP, parse_reply() of real replies."""

import time

import dns.message
import pytest

BOOK_BYTES = bytes.fromhex(
    "c616 0100 0001 0000 0000 0000 04 70797069 06 707974686f6e 03 6f7267 00 0001 0001"
)


@pytest.fixture
def wire(exercise):
    return exercise.load("dns_wire.py")


def reply_for(wire, lab_dns, name, rtype, query_id=0x1234):
    data = wire.query(name, rtype, "127.0.0.1", lab_dns.port, 2.0, query_id=query_id)
    return data, wire.parse_reply(data)


@pytest.mark.points(2)
def test_book_query_bytes(wire):
    packet = wire.build_query("pypi.python.org", "A", 0xC616)
    assert len(packet) == 33
    assert packet == BOOK_BYTES


@pytest.mark.points(1)
def test_other_queries_match_dnspython(wire):
    for name, rtype, query_id in [
        ("lab.test", "MX", 1),
        ("www.lab.test.", "AAAA", 0xFFFF),
        ("13.0.0.127.in-addr.arpa", "PTR", 7),
    ]:
        expected = dns.message.make_query(name, rtype, id=query_id).to_wire()
        assert wire.build_query(name, rtype, query_id) == expected, (name, rtype)


@pytest.mark.points(1)
def test_query_gets_the_reply_to_its_id(wire, lab_dns):
    data = wire.query("www.lab.test", "A", "127.0.0.1", lab_dns.port, 2.0, query_id=0xC616)
    reply = dns.message.from_wire(data)  # a real DNS message...
    assert reply.id == 0xC616  # ...answering our query
    assert [rr.to_text() for rr in reply.answer[0]] == ["127.0.0.13", "127.0.0.31"]


@pytest.mark.points(1)
def test_parse_a_answers(wire, lab_dns):
    _, reply = reply_for(wire, lab_dns, "www.lab.test", "A", 0x4242)
    assert reply["id"] == 0x4242 and reply["rcode"] == 0
    assert reply["flags"] & 0x8000  # QR: a response
    assert reply["answers"] == [
        ("www.lab.test", "A", "127.0.0.13"),
        ("www.lab.test", "A", "127.0.0.31"),
    ]


@pytest.mark.points(1)
def test_parse_compressed_alias_chain(wire, lab_dns):
    data, reply = reply_for(wire, lab_dns, "smtp.lab.test", "A")
    assert b"\xc0" in data[12:]  # the server compressed names: pointers must be followed
    assert reply["answers"] == [
        ("smtp.lab.test", "CNAME", "mail.lab.test"),
        ("mail.lab.test", "A", "127.0.0.10"),
    ]


@pytest.mark.points(1)
def test_parse_mx_and_nxdomain(wire, lab_dns):
    _, reply = reply_for(wire, lab_dns, "lab.test", "MX")
    assert reply["answers"] == [
        ("lab.test", "MX", "10 mail.lab.test"),
        ("lab.test", "MX", "20 backup-mx.lab.test"),
    ]
    _, reply = reply_for(wire, lab_dns, "nosuch.lab.test", "A")
    assert reply["rcode"] == 3 and reply["answers"] == []


@pytest.mark.points(1)
def test_silent_server_times_out_and_truncated_reply_is_value_error(wire, lab_dns, silent_udp):
    start = time.monotonic()
    with pytest.raises(TimeoutError):
        wire.query("www.lab.test", "A", "127.0.0.1", silent_udp, 0.5)
    assert time.monotonic() - start < 5
    data, _ = reply_for(wire, lab_dns, "www.lab.test", "A")
    for cut in (data[:5], data[:-3]):
        with pytest.raises(ValueError):
            wire.parse_reply(cut)
