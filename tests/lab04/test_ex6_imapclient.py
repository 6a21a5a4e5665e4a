"""Exercise 6: find() searches and fetches subjects with imapclient."""

from __future__ import annotations

import ssl

import pytest
import trustme
from imapclient import IMAPClient

from .fixtures_mailstore import make_message


def find(exercise, store, text):
    return exercise.load("imapclient_fetch.py").find(
        store.host, store.imaps_port, store.cafile, store.user, store.password, text
    )


@pytest.mark.points(2)
def test_search_for_msg_2_finds_uid_2(exercise, mailstore):
    assert find(exercise, mailstore, "Msg 2") == {2: "Msg 2"}


@pytest.mark.points(1)
def test_several_matches(exercise, mailstore):
    assert find(exercise, mailstore, "msg") == {1: "Msg 1", 2: "Msg 2", 3: "Msg 3"}


@pytest.mark.points(1)
def test_no_match_is_an_empty_dict(exercise, mailstore):
    assert find(exercise, mailstore, "no such subject") == {}


@pytest.mark.points(2)
def test_subjects_are_decoded(exercise, mailstore):
    mailstore.add(make_message("Grüße aus dem Labor"))
    mailstore.add(make_message("Lab schedule"))
    assert find(exercise, mailstore, "Labor") == {4: "Grüße aus dem Labor"}
    assert find(exercise, mailstore, "schedule") == {5: "Lab schedule"}


@pytest.mark.points(1)
def test_nothing_becomes_seen(exercise, mailstore):
    find(exercise, mailstore, "Msg")
    assert not any(b"\\Seen" in flags for flags in mailstore.flags().values())


@pytest.mark.points(1)
def test_connect_logs_in_and_verifies(exercise, mailstore, tmp_path):
    module = exercise.load("imapclient_fetch.py")
    client = module.connect(
        mailstore.host, mailstore.imaps_port, mailstore.cafile, mailstore.user, mailstore.password
    )
    try:
        assert isinstance(client, IMAPClient)
        assert client.select_folder("INBOX", readonly=True)[b"EXISTS"] == 3
    finally:
        client.logout()
    other = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    with pytest.raises(ssl.SSLCertVerificationError):
        module.connect(
            mailstore.host, mailstore.imaps_port, str(other), mailstore.user, mailstore.password
        )
