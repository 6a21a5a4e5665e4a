"""smb_server.py: Samba's smbd with the share ``Share``, seen through pysmb."""

from __future__ import annotations

import io
import os
import signal
import socket
from pathlib import Path

import pytest
from smb.base import NotReadyError
from smb.SMBConnection import SMBConnection

from labkit import testing

from .conftest import LAB
from .fixtures_ldap_smb import require_smbd

SCRIPT = LAB / "smb_server.py"


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0
    assert "--password-env" in result.stdout and "--user" in result.stdout


def test_list_shares_includes_share(smb_server):
    connection = smb_server.connection()
    try:
        names = [share.name for share in connection.listShares(timeout=5)]
    finally:
        connection.close()
    assert "Share" in names and "IPC$" in names


def test_list_path_includes_test_rtf(smb_server):
    connection = smb_server.connection()
    try:
        entries = {e.filename: e for e in connection.listPath("Share", "/", timeout=5)}
    finally:
        connection.close()
    assert "test.rtf" in entries
    assert entries["test.rtf"].file_size == len(smb_server.test_rtf)


def test_retrieved_bytes_equal_the_seed(smb_server):
    assert smb_server.read("/test.rtf") == smb_server.test_rtf
    assert smb_server.test_rtf.startswith(b"{\\rtf1")


def test_store_file_returns_the_byte_count_and_the_file_exists(smb_server):
    data = os.urandom(100_000)
    connection = smb_server.connection()
    try:
        stored = connection.storeFile("Share", "/upload.bin", io.BytesIO(data), timeout=10)
    finally:
        connection.close()
    assert stored == len(data)
    assert (smb_server.share_dir / "upload.bin").read_bytes() == data
    assert smb_server.read("/upload.bin") == data


def test_a_bad_password_is_refused(smb_server):
    connection = SMBConnection(
        smb_server.user, "wrong", "TESTCLIENT", "LABSMB",
        domain="WORKGROUP", use_ntlm_v2=True, is_direct_tcp=True,
    )  # fmt: skip
    try:
        logged_in = connection.connect(smb_server.host, smb_server.port, timeout=5)
    except NotReadyError:  # impacket's server; smbd makes connect() return False
        logged_in = False
    finally:
        connection.close()
    assert logged_in is False


def test_an_unknown_user_is_refused(smb_server):
    connection = SMBConnection(
        "mallory", smb_server.password, "TESTCLIENT", "LABSMB",
        domain="WORKGROUP", use_ntlm_v2=True, is_direct_tcp=True,
    )  # fmt: skip
    try:
        assert not connection.connect(smb_server.host, smb_server.port, timeout=5)
        with pytest.raises(NotReadyError):
            connection.listPath("Share", "/", timeout=5)
    finally:
        connection.close()


def test_the_lab_copy_of_the_share_is_not_touched(smb_server):
    import smb_server as lab

    connection = smb_server.connection()
    try:
        connection.storeFile("Share", "/test.rtf", io.BytesIO(b"changed"), timeout=5)
    finally:
        connection.close()
    assert (lab.SHARE_SEED / "test.rtf").read_bytes() == smb_server.test_rtf
    assert sorted(p.name for p in lab.SHARE_SEED.iterdir()) == ["test.rtf"]


def processes_using(config: Path) -> list[int]:
    """Pids whose command line names ``config`` (smbd, samba-dcerpcd, rpcd_*)."""
    pids = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(config).encode() in cmdline.read_bytes():
                pids.append(int(cmdline.parent.name))
        except OSError:
            continue
    return pids


def test_the_script_serves_and_stops_everything(tmp_path):
    require_smbd()
    state = tmp_path / "state"
    with testing.start_script(
        SCRIPT, "--port", "0", "--dir", state, env={"LAB_PASSWORD": "pw-from-env"}
    ) as server:
        assert any("password $LAB_PASSWORD" in line for line in server.lines)
        connection = SMBConnection(
            "student", "pw-from-env", "TESTCLIENT", "LABSMB",
            domain="WORKGROUP", use_ntlm_v2=True, is_direct_tcp=True,
        )  # fmt: skip
        assert connection.connect(server.host, server.port, timeout=5)
        try:  # listing the shares starts samba-dcerpcd, which must be stopped too
            assert "Share" in [share.name for share in connection.listShares(timeout=5)]
        finally:
            connection.close()
        assert processes_using(state / "smb.conf")
        server.proc.send_signal(signal.SIGTERM)
        assert server.proc.wait(15) == 0
    assert not [
        pid
        for pid in processes_using(state / "smb.conf")
        if Path(f"/proc/{pid}/stat").exists()
        and Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    ]


def test_a_port_in_use_is_one_line():
    require_smbd()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = testing.run_script(SCRIPT, "--port", taken.getsockname()[1])
    line = testing.assert_one_line_error(result, 1)
    assert "in use" in line


@pytest.mark.parametrize("args", [["--port", "70000"], ["--timeout", "-1"]])
def test_bad_arguments_are_usage_errors(args):
    testing.assert_one_line_error(testing.run_script(SCRIPT, *args), 2)
