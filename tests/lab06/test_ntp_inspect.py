"""Inspect it: capture ntp_client.py's exchange with the lab server on lo.

As in the book's screenshots: the request has the client's version and mode 3
(client), stratum 0; the reply the same version, mode 4 (server), stratum 2. Port
8123 is not NTP's, so tshark is told to decode it as NTP (``-d udp.port==P,ntp``).
"""

import pytest

from labkit import testing
from labkit.capture import Capture, read_fields

from .conftest import LAB

pytestmark = pytest.mark.capture


def test_version_mode_and_stratum_on_the_wire(ntp_server):
    port = ntp_server.port
    with Capture(bpf=f"udp port {port}", interface="lo") as cap:
        for version in ("2", "3"):  # ntplib's default (the book's capture), then 3
            result = testing.run_script(
                LAB / "ntp_client.py", "--port", str(port), "--version", version
            )
            assert result.returncode == 0, result.stderr
    try:
        rows = read_fields(
            cap.path,
            ["udp.srcport", "ntp.flags.vn", "ntp.flags.mode", "ntp.stratum"],
            display_filter="ntp",
            decode_as=[f"udp.port=={port},ntp"],
        )
    finally:
        cap.cleanup()
    to_server = [row[1:] for row in rows if row[0] != str(port)]
    from_server = [row[1:] for row in rows if row[0] == str(port)]
    assert to_server == [["2", "3", "0"], ["3", "3", "0"]]  # VN = the client's version=
    assert from_server == [["2", "4", "2"], ["3", "4", "2"]]  # mode 4 (server), stratum 2
