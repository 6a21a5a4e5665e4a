"""ftp_server.py: the lab's pyftpdlib server (spec §5, FTP), used through ftplib."""

import ftplib
import hashlib
import io
from pathlib import Path

import pytest

from labkit import testing

from .conftest import LAB
from .fixtures_ftp_snmp import FTP_PASSWORD, FTP_USER, TARBALL

SCRIPT = LAB / "ftp_server.py"
SEED_TARBALL = LAB / "ftp_root" / TARBALL.lstrip("/")


def login(server, user="anonymous", password="nobody@nourl.com") -> ftplib.FTP:
    ftp = ftplib.FTP(timeout=10)
    ftp.connect(server.host, server.port)
    ftp.login(user, password)
    return ftp


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0
    for option in ("--host", "--port", "--root", "--user", "--password-env", "--passive-ports"):
        assert option in result.stdout


def test_seed_tarball_is_small_and_a_real_tarball():
    import tarfile

    assert SEED_TARBALL.stat().st_size < 2000
    with tarfile.open(SEED_TARBALL) as tar:
        assert tar.getnames() == ["tftp-hpa-0.11/README"]


def test_banner_and_anonymous_login_gives_230(ftp_server):
    ftp = ftplib.FTP(timeout=10)
    ftp.connect(ftp_server.host, ftp_server.port)
    with ftp:
        assert ftp.getwelcome() == "220 Lab 05 FTP server (pyftpdlib) ready."
        assert ftp.login("anonymous", "nobody@nourl.com").startswith("230")


def test_nlst_shows_the_tarball(ftp_server):
    with login(ftp_server) as ftp:
        ftp.cwd("/pub/software/network/tftp")
        assert ftp.nlst() == ["tftp-hpa-0.11.tar.gz"]


def test_retr_sha256_matches_the_seed(ftp_server):
    data = io.BytesIO()
    with login(ftp_server) as ftp:
        ftp.retrbinary(f"RETR {TARBALL}", data.write)
    expected = hashlib.sha256(SEED_TARBALL.read_bytes()).hexdigest()
    assert hashlib.sha256(data.getvalue()).hexdigest() == expected


def test_passive_mode_is_used(ftp_server):
    with login(ftp_server) as ftp:
        reply = ftp.sendcmd("PASV")
    assert reply.startswith("227 Entering passive mode")


def test_anonymous_stor_is_refused_with_550(ftp_server):
    with login(ftp_server) as ftp:
        with pytest.raises(ftplib.error_perm, match=r"^550 Not enough privileges"):
            ftp.storbinary("STOR /incoming/evil.txt", io.BytesIO(b"nope"))
    assert not (ftp_server.root / "incoming" / "evil.txt").exists()


def test_student_stor_into_incoming_works(ftp_server):
    payload = b"uploaded by student\n" * 100
    with login(ftp_server, FTP_USER, FTP_PASSWORD) as ftp:
        reply = ftp.storbinary("STOR /incoming/notes.txt", io.BytesIO(payload))
        assert reply.startswith("226")
        assert "notes.txt" in ftp.nlst("/incoming")
    assert (ftp_server.root / "incoming" / "notes.txt").read_bytes() == payload


def test_student_cannot_write_outside_incoming(ftp_server):
    with login(ftp_server, FTP_USER, FTP_PASSWORD) as ftp:
        with pytest.raises(ftplib.error_perm, match=r"^550"):
            ftp.storbinary("STOR /pub/notes.txt", io.BytesIO(b"x"))


def test_bad_password_is_530(ftp_server):
    ftp = ftplib.FTP(timeout=10)
    ftp.connect(ftp_server.host, ftp_server.port)
    with ftp, pytest.raises(ftplib.error_perm, match=r"^530"):
        ftp.login(FTP_USER, "wrong")


def test_script_serves_a_temporary_copy_and_stops_cleanly(tmp_path):
    with testing.start_script(SCRIPT, "--port", "0", env={"LAB_PASSWORD": "s3"}) as server:
        served = server.lines[0].split()[1].rstrip(":")
        ftp = ftplib.FTP(timeout=10)
        ftp.connect(server.host, server.port)
        with ftp:
            ftp.login(FTP_USER, "s3")  # the password came from $LAB_PASSWORD
            ftp.storbinary("STOR /incoming/up.txt", io.BytesIO(b"hello"))
        assert (LAB / "ftp_root" / "incoming").exists() is False  # the checkout stays clean
        status = server.stop()
    assert status == 0
    assert not Path(served).exists()  # the temporary copy is gone


def test_script_root_option_serves_that_folder(tmp_path):
    (tmp_path / "hello.txt").write_text("hi\n")
    with testing.start_script(SCRIPT, "--port", "0", "--root", tmp_path) as server:
        ftp = ftplib.FTP(timeout=10)
        ftp.connect(server.host, server.port)
        with ftp:
            ftp.login()
            assert sorted(ftp.nlst()) == ["hello.txt", "incoming"]


@pytest.mark.parametrize(
    "args",
    [["--port", "99999"], ["--root", "/no/such/dir"], ["--passive-ports", "10-5"], ["--bogus"]],
)
def test_bad_arguments_are_one_line_usage_errors(args):
    testing.assert_one_line_error(testing.run_script(SCRIPT, *args), 2)


def test_port_in_use_is_one_line_error(ftp_server):
    result = testing.run_script(SCRIPT, "--port", str(ftp_server.port))
    line = testing.assert_one_line_error(result, 1)
    assert "cannot listen" in line
