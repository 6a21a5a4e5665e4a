"""Inspect it: dns_client.py's queries captured on lo and read back with tshark.

Needs tshark and the right to capture on lo: the ``capture`` marker makes the grading
plugin skip these tests, naming the fix, when either is missing.
"""

import pytest

from labkit.capture import Capture, read_fields
from labkit.testing import run_script

from .conftest import LAB

pytestmark = pytest.mark.capture
FIELDS = [
    "dns.id",
    "dns.flags.response",
    "dns.qry.name",
    "dns.qry.type",
    "dns.a",
    "dns.mx.mail_exchange",
]


@pytest.fixture
def dns_capture(lab_dns):
    """Two look-ups (www.lab.test A, lab.test MX) captured on the lab server's port."""
    cap = Capture(bpf=f"udp port {lab_dns.port}", max_seconds=30)
    with cap:
        for args in (["www.lab.test", "A"], ["lab.test", "MX"]):
            result = run_script(LAB / "dns_client.py", *lab_dns.args(), *args)
            assert result.returncode == 0, result.stderr
    rows = read_fields(
        cap.path, FIELDS, display_filter="dns", decode_as=[f"udp.port=={lab_dns.port},dns"]
    )
    yield rows
    cap.cleanup()


def test_one_query_and_one_response_per_lookup(dns_capture):
    flags = [row[1] for row in dns_capture]
    assert flags in (["False", "True"] * 2, ["0", "1"] * 2), dns_capture


def test_response_has_the_query_id(dns_capture):
    (q1, r1, q2, r2) = dns_capture
    assert q1[0] == r1[0] and q2[0] == r2[0]
    assert q1[0] != q2[0]  # each look-up picks a new random id


def test_questions_and_answers_match_the_zone(dns_capture):
    (q1, r1, q2, r2) = dns_capture
    assert q1[2] == r1[2] == "www.lab.test" and q1[3] == "1"
    assert sorted(r1[4].split(",")) == ["127.0.0.13", "127.0.0.31"]
    assert q2[2] == "lab.test" and q2[3] == "15"
    assert sorted(r2[5].split(",")) == ["backup-mx.lab.test", "mail.lab.test"]
