"""Inspect it (FTP): the password crosses the wire in clear text.

A live capture on lo (marker ``capture``: skipped, naming the fix, without tshark or the
right to capture), and the golden captures of exercise 10 read back with tshark.
"""

import shutil
from pathlib import Path

import pytest

from labkit import testing
from labkit.capture import Capture, read_fields

from .conftest import LAB

DATA = Path(__file__).parent / "data"
FIELDS = ["ftp.request.command", "ftp.request.arg", "ftp.response.code"]


def commands(rows):
    return [(command, arg) for command, arg, _ in rows if command]


@pytest.mark.capture
def test_live_capture_shows_user_and_pass_in_clear_text(ftp_server, tmp_path):
    here = tmp_path / "client"
    here.mkdir()
    with Capture(bpf=f"tcp port {ftp_server.port}", max_seconds=30) as cap:
        result = testing.run_script(LAB / "ftp_download.py", "--port", str(ftp_server.port),
                                    cwd=here)  # fmt: skip
        assert result.returncode == 0, result.stderr
    try:
        rows = read_fields(cap.path, FIELDS, display_filter="ftp",
                           decode_as=[f"tcp.port=={ftp_server.port},ftp"])  # fmt: skip
    finally:
        cap.cleanup()
    sent = commands(rows)
    assert sent[:2] == [("USER", "anonymous"), ("PASS", "nobody@nourl.com")]
    assert ("CWD", "/pub/software/network/tftp") in sent
    assert ("RETR", "tftp-hpa-0.11.tar.gz") in sent
    codes = [code for _, _, code in rows if code]
    assert codes[:3] == ["220", "331", "230"]


@pytest.mark.skipif(shutil.which("tshark") is None, reason="apt-get install tshark")
def test_golden_captures_read_with_tshark():
    rows = read_fields(DATA / "ftp_student.pcap", FIELDS, display_filter="ftp",
                       decode_as=["tcp.port==8021,ftp"])  # fmt: skip
    assert [c for c in commands(rows) if c[0] in ("USER", "PASS")] == [
        ("USER", "student"), ("PASS", "wrong1"), ("USER", "student"), ("PASS", "secret"),
    ]  # fmt: skip
    assert "530" in [code for *_, code in rows]
    rows = read_fields(DATA / "sftp_session.pcap", ["ssh.protocol"], display_filter="ssh.protocol",
                       decode_as=["tcp.port==8022,ssh"])  # fmt: skip
    assert [row[0] for row in rows] == ["SSH-2.0-AsyncSSH_2.24.1"] * 2
