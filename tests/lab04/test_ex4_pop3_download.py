"""Exercise 4: download_all() saves every POP3 message as N.eml, and deletes on request."""

from __future__ import annotations

import poplib
import ssl

import pytest
import trustme


def download(exercise, store, directory, **options):
    download_all = exercise.load("pop3_download.py").download_all
    return download_all(
        store.host,
        store.pop3s_port,
        store.cafile,
        store.user,
        store.password,
        directory,
        **options,
    )


def messages_left(store) -> int:
    client = poplib.POP3_SSL(store.host, store.pop3s_port, context=store.ssl_context(), timeout=5)
    try:
        client.user(store.user)
        client.pass_(store.password)
        return client.stat()[0]
    finally:
        client.quit()


@pytest.mark.points(1)
def test_one_file_per_message(exercise, mailstore, tmp_path):
    paths = download(exercise, mailstore, tmp_path / "mail")
    assert [path.name for path in paths] == ["1.eml", "2.eml", "3.eml"]
    assert all(path.parent == tmp_path / "mail" and path.is_file() for path in paths)


@pytest.mark.points(2)
def test_the_files_hold_the_messages(exercise, mailstore, tmp_path):
    paths = download(exercise, mailstore, tmp_path)
    saved = [path.read_bytes() for path in paths]
    assert all(b"\r\n" in data for data in saved), "lines end in CRLF, as on the wire"
    assert [data.replace(b"\r\n", b"\n") for data in saved] == mailstore.seed_bytes()


@pytest.mark.points(1)
def test_without_delete_the_messages_stay(exercise, mailstore, tmp_path):
    download(exercise, mailstore, tmp_path)
    assert messages_left(mailstore) == 3


@pytest.mark.points(2)
def test_delete_empties_the_mailbox(exercise, mailstore, tmp_path):
    paths = download(exercise, mailstore, tmp_path, delete=True)
    assert len(paths) == 3 and all(path.stat().st_size > 100 for path in paths)
    assert messages_left(mailstore) == 0


@pytest.mark.points(1)
def test_an_empty_mailbox_gives_no_files(exercise, mailstore, tmp_path):
    mailstore.seed([])
    assert download(exercise, mailstore, tmp_path / "new" / "folder") == []
    assert (tmp_path / "new" / "folder").is_dir()


@pytest.mark.points(1)
def test_a_server_the_ca_did_not_sign_is_refused(exercise, mailstore, tmp_path):
    other = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    mailstore.cafile = str(other)
    with pytest.raises(ssl.SSLCertVerificationError):
        download(exercise, mailstore, tmp_path / "mail")
