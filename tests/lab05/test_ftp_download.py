"""ftp_download.py: anonymous login, the listing, the download, and every failure in one line."""

import ftplib
import hashlib

import pytest

from labkit import testing

from .conftest import LAB
from .fixtures_ftp_snmp import TARBALL

SCRIPT = LAB / "ftp_download.py"
download = testing.load_module(SCRIPT)
SEED_TARBALL = LAB / "ftp_root" / TARBALL.lstrip("/")


@pytest.fixture
def here(tmp_path):
    """An empty folder for the client (the FTP fixture keeps its root in tmp_path too)."""
    folder = tmp_path / "client"
    folder.mkdir()
    return folder


def run(*args, **kwargs):
    return testing.run_script(SCRIPT, *map(str, args), **kwargs)


def test_help():
    result = run("--help")
    assert result.returncode == 0
    for option in ("--host", "--port", "--dir", "--file", "--dest", "--user", "--timeout"):
        assert option in result.stdout


def test_listing_is_returned_not_none(ftp_server):
    ftp = download.connect(ftp_server.host, ftp_server.port, "anonymous", "x@y.z", 5)
    with ftp:
        ftp.cwd("/pub/software/network/tftp")
        lines = download.listing(ftp)
    assert len(lines) == 1 and lines[0].endswith(" tftp-hpa-0.11.tar.gz")


def test_books_download_lands_in_the_cwd_with_equal_sha256(ftp_server, here):
    result = run("--port", ftp_server.port, cwd=here)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Welcome: 220 Lab 05 FTP server (pyftpdlib) ready."
    assert lines[1] == "File list at /pub/software/network/tftp:"
    assert lines[2].endswith(" tftp-hpa-0.11.tar.gz")
    assert "None" not in result.stdout  # the book printed dir()'s return value
    saved = here / "tftp-hpa-0.11.tar.gz"
    assert lines[-1] == f"Downloaded tftp-hpa-0.11.tar.gz (292 bytes) to {saved.name}"
    digest = hashlib.sha256(SEED_TARBALL.read_bytes()).hexdigest()
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in here.iterdir()) == ["tftp-hpa-0.11.tar.gz"]


def test_dest_option_and_another_file(ftp_server, here):
    result = run("--port", ftp_server.port, "--dir", "/pub", "--file", "README.txt",
                 "--dest", here)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (here / "README.txt").read_bytes() == (ftp_server.root / "pub/README.txt").read_bytes()


def test_the_anonymous_password_is_the_books_email(ftp_server, here, monkeypatch):
    seen = []
    real_login = ftplib.FTP.login

    def spy(self, user="", passwd="", acct=""):
        seen.append((user, passwd))
        return real_login(self, user, passwd, acct)

    monkeypatch.setattr(ftplib.FTP, "login", spy)
    monkeypatch.chdir(here)
    assert download.main(["--port", str(ftp_server.port)]) == 0
    assert seen == [("anonymous", "nobody@nourl.com")]


def test_student_login_with_password_from_env(ftp_server, here):
    (ftp_server.root / "incoming" / "report.txt").write_text("report\n")
    args = ["--user", "student", "--dir", "/incoming", "--file", "report.txt", "--dest", here]
    result = run("--port", ftp_server.port, *args, env={"LAB_PASSWORD": "secret"})
    assert result.returncode == 0, result.stderr
    assert (here / "report.txt").read_text() == "report\n"


def test_missing_file_is_550_in_one_line_and_leaves_nothing(ftp_server, here):
    result = run("--port", ftp_server.port, "--file", "nope.tar.gz", cwd=here)
    line = testing.assert_one_line_error(result, 1)
    assert "550" in line and "nope.tar.gz" in line
    assert list(here.iterdir()) == []  # no empty or partial file left behind


def test_missing_folder_is_550(ftp_server, here):
    result = run("--port", ftp_server.port, "--dir", "/no/such", cwd=here)
    assert "550" in testing.assert_one_line_error(result, 1)


def test_bad_password_is_530_in_one_line(ftp_server, here):
    result = run("--port", ftp_server.port, "--user", "student", cwd=here,
                 env={"LAB_PASSWORD": "wrong"})  # fmt: skip
    line = testing.assert_one_line_error(result, 1)
    assert "login as student failed: 530" in line


def test_password_from_stdin_when_no_env(ftp_server, here):
    result = testing.run_script(SCRIPT, "--port", str(ftp_server.port), "--user", "student",
                                "--dir", "/pub", "--file", "README.txt", input="secret\n",
                                cwd=here, env={"LAB_PASSWORD": ""})  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_refused_port(closed_port, tmp_path):
    result = run("--port", closed_port, cwd=tmp_path)
    line = testing.assert_one_line_error(result, 1)
    assert "connection refused" in line and "ftp_server.py" in line


def test_connect_timeout(backlog_full_port, tmp_path):
    result = run("--port", backlog_full_port, "--timeout", "0.5", cwd=tmp_path)
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_silent_server_times_out_waiting_for_the_banner(silent_port, tmp_path):
    result = run("--port", silent_port, "--timeout", "0.5", cwd=tmp_path)
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_bad_arguments_are_usage_errors(tmp_path):
    for args in (["--port", "x"], ["--dest", tmp_path / "none"], ["--timeout", "0"]):
        testing.assert_one_line_error(run(*args), 2)
