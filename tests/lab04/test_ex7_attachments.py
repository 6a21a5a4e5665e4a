"""Exercise 7: extract() saves the attachments of an IMAP folder, safely."""

from __future__ import annotations

import hashlib

import mail_store
import pytest

from .fixtures_mailstore import make_message

REPORT = bytes(range(256)) * 40  # binary, 10 KiB
CSV = b"name,grade\nAda,1\nGrace,1\n"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def extract(exercise, store, directory):
    return exercise.load("extract_attachments.py").extract(
        store.host, store.imaps_port, store.cafile, store.user, store.password, directory
    )


def with_attachments(subject, *files):
    message = make_message(subject)
    for name, data, maintype, subtype in files:
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message


@pytest.mark.points(2)
def test_the_seed_attachment(exercise, mailstore, tmp_path):
    paths = extract(exercise, mailstore, tmp_path / "out")
    assert [path.name for path in paths] == ["logo.gif"]
    assert paths[0].parent == tmp_path / "out"
    assert sha256(paths[0].read_bytes()) == sha256(mail_store.PIXEL_GIF)


@pytest.mark.points(2)
def test_several_attachments_in_order(exercise, mailstore, tmp_path):
    mailstore.add(
        with_attachments(
            "Week 2 material",
            ("report.bin", REPORT, "application", "octet-stream"),
            ("grades.csv", CSV, "text", "csv"),
        )
    )
    paths = extract(exercise, mailstore, tmp_path)
    assert [path.name for path in paths] == ["logo.gif", "report.bin", "grades.csv"]
    assert [sha256(path.read_bytes()) for path in paths] == [
        sha256(mail_store.PIXEL_GIF),
        sha256(REPORT),
        sha256(CSV),
    ]


@pytest.mark.points(1)
def test_a_hostile_name_stays_inside_the_directory(exercise, mailstore, tmp_path):
    out = tmp_path / "a" / "b"
    mailstore.add(with_attachments("Evil", ("../../evil.txt", b"gotcha", "text", "plain")))
    paths = extract(exercise, mailstore, out)
    assert [path.name for path in paths] == ["logo.gif", "evil.txt"]
    assert (out / "evil.txt").read_bytes() == b"gotcha"
    assert not (tmp_path / "evil.txt").exists()


@pytest.mark.points(1)
def test_a_taken_name_is_not_overwritten(exercise, mailstore, tmp_path):
    other_gif = mail_store.PIXEL_GIF + b"\0"
    mailstore.add(with_attachments("Again", ("logo.gif", other_gif, "image", "gif")))
    paths = extract(exercise, mailstore, tmp_path)
    assert [path.name for path in paths] == ["logo.gif", "logo-2.gif"]
    assert paths[1].read_bytes() == other_gif
    assert paths[0].read_bytes() == mail_store.PIXEL_GIF


@pytest.mark.points(1)
def test_nothing_becomes_seen(exercise, mailstore, tmp_path):
    extract(exercise, mailstore, tmp_path)
    assert not any(b"\\Seen" in flags for flags in mailstore.flags().values())


@pytest.mark.points(1)
def test_no_attachments_no_files(exercise, mailstore, tmp_path):
    mailstore.seed([make_message("Plain text only")])
    assert extract(exercise, mailstore, tmp_path / "empty") == []
    assert (tmp_path / "empty").is_dir()
    assert list((tmp_path / "empty").iterdir()) == []
