"""Exercise 4: ftp_sync.py, a folder kept in step over FTP with MLSD (8 points)."""

import hashlib

import pytest

from .fixtures_ftp_snmp import FTP_PASSWORD, FTP_USER

TFTP = "/pub/software/network/tftp"


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def sync(exercise):
    return exercise.load("ftp_sync.py")


@pytest.fixture
def anonymous(sync, ftp_server):
    with sync.connect(ftp_server.host, ftp_server.port) as ftp:
        yield ftp


@pytest.fixture
def student(sync, ftp_server):
    with sync.connect(ftp_server.host, ftp_server.port, FTP_USER, FTP_PASSWORD) as ftp:
        yield ftp


@pytest.mark.points(2)
def test_remote_files_lists_files_with_sizes_and_no_folders(sync, anonymous, ftp_server):
    assert sync.remote_files(anonymous, TFTP) == {"tftp-hpa-0.11.tar.gz": 292}
    (ftp_server.root / "pub" / "extra.bin").write_bytes(b"\0" * 1234)
    # /pub holds README.txt, extra.bin and the folder software/
    assert sync.remote_files(anonymous, "/pub") == {
        "README.txt": (ftp_server.root / "pub" / "README.txt").stat().st_size,
        "extra.bin": 1234,
    }


@pytest.mark.points(2)
def test_download_dir_copies_every_file_with_equal_checksums(sync, anonymous, ftp_server, tmp_path):
    source = ftp_server.root / "pub"
    (source / "data.bin").write_bytes(bytes(range(256)) * 300)
    local = tmp_path / "mirror"
    assert sync.download_dir(anonymous, "/pub", local) == ["README.txt", "data.bin"]
    assert sorted(p.name for p in local.iterdir()) == ["README.txt", "data.bin"]
    for name in ("README.txt", "data.bin"):
        assert sha256(local / name) == sha256(source / name)


@pytest.mark.points(1)
def test_second_download_transfers_nothing_until_a_file_changes(
    sync, anonymous, ftp_server, tmp_path
):
    local = tmp_path / "mirror"
    assert sync.download_dir(anonymous, TFTP, local) == ["tftp-hpa-0.11.tar.gz"]
    assert sync.download_dir(anonymous, TFTP, local) == []
    (local / "tftp-hpa-0.11.tar.gz").write_bytes(b"truncated")
    assert sync.download_dir(anonymous, TFTP, local) == ["tftp-hpa-0.11.tar.gz"]
    tarball = ftp_server.root / TFTP.lstrip("/") / "tftp-hpa-0.11.tar.gz"
    assert sha256(local / "tftp-hpa-0.11.tar.gz") == sha256(tarball)


@pytest.mark.points(2)
def test_upload_dir_round_trips_and_second_run_sends_only_changes(
    sync, student, ftp_server, tmp_path
):
    local = tmp_path / "outbox"
    local.mkdir()
    (local / "a.txt").write_text("alpha\n")
    (local / "b.bin").write_bytes(bytes(range(256)) * 50)
    (local / "subdir").mkdir()  # folders are not files: skipped
    assert sync.upload_dir(student, local, "/incoming") == ["a.txt", "b.bin"]
    incoming = ftp_server.root / "incoming"
    assert sorted(p.name for p in incoming.iterdir()) == ["a.txt", "b.bin"]
    for name in ("a.txt", "b.bin"):
        assert sha256(incoming / name) == sha256(local / name)
    assert sync.upload_dir(student, local, "/incoming") == []
    (local / "a.txt").write_text("alpha, longer now\n")
    assert sync.upload_dir(student, local, "/incoming") == ["a.txt"]
    assert (incoming / "a.txt").read_text() == "alpha, longer now\n"


@pytest.mark.points(1)
def test_refused_upload_raises_the_custom_exception(sync, anonymous, ftp_server, tmp_path):
    local = tmp_path / "outbox"
    local.mkdir()
    (local / "evil.txt").write_text("nope\n")
    with pytest.raises(sync.FTPPermissionError, match="550"):
        sync.upload_dir(anonymous, local, "/incoming")
    assert not (ftp_server.root / "incoming" / "evil.txt").exists()
