"""Inspect it (SNMP): the community string and the values travel in clear text over UDP."""

import pytest

from labkit import testing
from labkit.capture import Capture, read_fields

from .conftest import LAB

pytestmark = pytest.mark.capture


def test_get_request_and_response_show_community_oid_and_value(snmp_agent):
    with Capture(bpf=f"udp port {snmp_agent.port}", max_seconds=30) as cap:
        result = testing.run_script(LAB / "snmp_read.py", "--port", str(snmp_agent.port),
                                    "sysName.0")  # fmt: skip
        assert result.returncode == 0, result.stderr
    try:
        rows = read_fields(
            cap.path,
            ["udp.dstport", "snmp.community", "snmp.name", "snmp.value.octets", "snmp.request_id"],
            display_filter="snmp",
            decode_as=[f"udp.port=={snmp_agent.port},snmp"],
        )
    finally:
        cap.cleanup()
    assert len(rows) == 2
    (to_agent, community, name, value, request_id), response = rows
    assert int(to_agent) == snmp_agent.port and community == "public"
    assert name == "1.3.6.1.2.1.1.5.0" and value == ""  # the request carries a Null
    assert response[1:3] == ["public", "1.3.6.1.2.1.1.5.0"]
    assert bytes.fromhex(response[3].replace(":", "")) == b"lab-agent"
    assert response[4] == request_id  # the answer names the request it answers
