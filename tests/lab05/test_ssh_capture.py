"""Inspect it: SSH on the wire. Banners in clear text, then KEXINIT (20) and NEWKEYS (21),
then only ciphertext: neither the password nor the command's output can be read.

Needs tshark and the right to capture on lo (the ``capture`` marker skips otherwise).
"""

from __future__ import annotations

import paramiko
import pytest

from labkit import testing
from labkit.capture import Capture, read_fields

from .conftest import LAB

pytestmark = pytest.mark.capture
SECRET_OUTPUT = "output-nobody-should-read-4711"


@pytest.fixture
def ssh_capture(ssh_server, ssh_known_hosts):
    """ssh_exec.py echoing a marker, captured on the server's port only."""
    with Capture(bpf=f"tcp port {ssh_server.port}") as cap:
        result = testing.run_script(
            LAB / "ssh_exec.py",
            *("--port", ssh_server.port, "--known-hosts", ssh_known_hosts),
            *("echo", SECRET_OUTPUT),
            env={"LAB_PASSWORD": "secret"},
        )
        assert result.stdout == SECRET_OUTPUT + "\n", result.stderr
    yield cap
    cap.cleanup()


def ssh_rows(server, cap, fields, display_filter="ssh"):
    return read_fields(
        cap.path, fields, display_filter=display_filter, decode_as=[f"tcp.port=={server.port},ssh"]
    )


def test_the_banners_are_in_clear_text(ssh_server, ssh_capture):
    banners = [row[0] for row in ssh_rows(ssh_server, ssh_capture, ["ssh.protocol"]) if row[0]]
    assert f"SSH-2.0-paramiko_{paramiko.__version__}" in banners
    assert any(banner.startswith("SSH-2.0-AsyncSSH_2.") for banner in banners), banners


def test_kexinit_and_newkeys_then_ciphertext(ssh_server, ssh_capture):
    codes = [
        code
        for (cell,) in ssh_rows(ssh_server, ssh_capture, ["ssh.message_code"])
        for code in cell.split(",")
        if code
    ]
    assert codes.count("20") == 2, codes  # one KEXINIT each way
    assert codes.count("21") == 2, codes  # NEWKEYS: from here on, everything is encrypted
    assert {"30", "31"} <= set(codes), codes  # the ECDH (curve25519) init and reply


def test_neither_password_nor_output_is_readable(ssh_capture):
    data = ssh_capture.path.read_bytes()
    assert b"SSH-2.0-" in data  # the capture holds the connection...
    assert SECRET_OUTPUT.encode() not in data  # ...but not what it carried
    assert b"secret" not in data
