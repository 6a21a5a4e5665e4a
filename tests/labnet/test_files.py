"""files: SSH and SFTP (openssh), FTP (vsftpd), SMB (samba)."""

import ftplib
import io
import uuid

import paramiko
import pytest
from smb.SMBConnection import SMBConnection

from .labnet_cli import cli

pytestmark = pytest.mark.labnet


def _ssh(files, user, password):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(files.address, files.port("ssh"), user, password, timeout=5,
                   auth_timeout=10, look_for_keys=False, allow_agent=False)  # fmt: skip
    return client


def test_ssh_exec_and_sftp(files, user):
    with _ssh(files, *user) as client:
        _in, out, _err = client.exec_command("id -un; uname -s", timeout=10)
        assert out.read().decode().split() == ["labuser", "Linux"]
        assert out.channel.recv_exit_status() == 0
        with client.open_sftp() as sftp:
            assert sftp.open("test.txt").read() == b"This is a test file\n"
            name = f"incoming/sftp-{uuid.uuid4().hex}.txt"
            sftp.putfo(io.BytesIO(b"uploaded over sftp"), name)
            back = io.BytesIO()
            sftp.getfo(name, back)
            assert back.getvalue() == b"uploaded over sftp"
            sftp.remove(name)


def test_ssh_wrong_password(files):
    with pytest.raises(paramiko.AuthenticationException):
        _ssh(files, "labuser", "wrong")


def test_ssh_keyscan_cli(files):
    out = cli("ssh-keyscan", "-T", "5", "-t", "ed25519", "-p", str(files.port("ssh")),
              files.address)  # fmt: skip
    assert "ssh-ed25519" in out


def _ftp(files):
    client = ftplib.FTP(timeout=10)
    client.connect(files.address, files.port("ftp"))
    return client


def test_ftp_anonymous_read_only(files):
    with _ftp(files) as client:
        assert client.getwelcome().startswith("220")
        client.login()
        client.cwd("/pub/software/network/tftp")
        assert client.nlst() == ["tftp-hpa-0.11.tar.gz"]
        data = io.BytesIO()
        client.retrbinary("RETR tftp-hpa-0.11.tar.gz", data.write)
        assert data.getvalue()[:2] == b"\x1f\x8b"
        with pytest.raises(ftplib.error_perm, match="^550"):
            client.storbinary("STOR nope.txt", io.BytesIO(b"x"))


def test_ftp_user_upload(files, user):
    name = f"ftp-{uuid.uuid4().hex}.txt"
    with _ftp(files) as client:
        client.login(*user)
        client.cwd("incoming")
        client.storbinary(f"STOR {name}", io.BytesIO(b"uploaded over ftp"))
        assert name in client.nlst()
        data = io.BytesIO()
        client.retrbinary(f"RETR {name}", data.write)
        assert data.getvalue() == b"uploaded over ftp"
        client.delete(name)


def test_ftp_wrong_password(files):
    with _ftp(files) as client, pytest.raises(ftplib.error_perm, match="^530"):
        client.login("labuser", "wrong")


def test_curl_ftp(files):
    out = cli("curl", "-sS", "--max-time", "10", f"ftp://{files.address}/pub/README.txt")
    assert "anonymous FTP" in out


def _smb(files, user, password):
    conn = SMBConnection(user, password, "labtest", "FILES", domain="LAB", use_ntlm_v2=True,
                         is_direct_tcp=True)  # fmt: skip
    return conn, conn.connect(files.address, files.port("smb"), timeout=10)


def test_smb_user_list_retrieve_store(files, user):
    conn, ok = _smb(files, *user)
    assert ok
    try:
        shares = {s.name for s in conn.listShares(timeout=10)}
        assert {"public", "Share", "IPC$"} <= shares
        data = io.BytesIO()
        conn.retrieveFile("Share", "/test.rtf", data, timeout=10)
        assert data.getvalue().startswith(b"{\\rtf1")
        name = f"smb-{uuid.uuid4().hex}.txt"
        conn.storeFile("Share", name, io.BytesIO(b"stored over smb"), timeout=10)
        assert name in [f.filename for f in conn.listPath("Share", "/", timeout=10)]
        conn.deleteFiles("Share", name, timeout=10)
    finally:
        conn.close()


def test_smb_guest_read(files):
    conn, ok = _smb(files, "guest", "")
    assert ok
    try:
        data = io.BytesIO()
        conn.retrieveFile("public", "/readme.txt", data, timeout=10)
        assert data.getvalue() == b"shared file from samba\n"
    finally:
        conn.close()


def test_smb_wrong_password(files):
    conn, ok = _smb(files, "labuser", "wrong")
    conn.close()
    assert not ok


def test_smbclient_cli(files, user):
    out = cli("smbclient", "-L", f"//{files.address}", "-p", str(files.port("smb")),
              "-U", f"{user[0]}%{user[1]}", "-m", "SMB3")  # fmt: skip
    assert "Share" in out and "public" in out
