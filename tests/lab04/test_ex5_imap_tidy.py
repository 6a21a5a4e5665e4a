"""Exercise 5: tidy() files matching messages in Archive and marks the rest \\Seen."""

from __future__ import annotations

import pytest

from .fixtures_mailstore import make_message

EXTRA = ["Report week 1", "Lunch on Friday?", "REPORT week 2"]


@pytest.fixture
def inbox(mailstore):
    """The three seed messages plus two reports and a lunch invitation."""
    for subject in EXTRA:
        mailstore.add(make_message(subject))
    return mailstore


def tidy(exercise, store, pattern="report", archive="Archive"):
    return exercise.load("imap_tidy.py").tidy(
        store.host, store.imaps_port, store.cafile, store.user, store.password, pattern, archive
    )


@pytest.mark.points(1)
def test_returns_how_many_were_moved(exercise, inbox):
    assert tidy(exercise, inbox) == 2


@pytest.mark.points(2)
def test_the_inbox_keeps_the_others(exercise, inbox):
    tidy(exercise, inbox)
    assert inbox.subjects() == ["Msg 1", "Msg 2", "Msg 3", "Lunch on Friday?"]


@pytest.mark.points(2)
def test_the_archive_holds_the_reports(exercise, inbox):
    tidy(exercise, inbox)
    assert inbox.subjects("Archive") == ["Report week 1", "REPORT week 2"]


@pytest.mark.points(1)
def test_the_rest_is_marked_seen(exercise, inbox):
    tidy(exercise, inbox)
    flags = inbox.flags()
    assert len(flags) == 4 and all(b"\\Seen" in f for f in flags.values()), flags


@pytest.mark.points(1)
def test_the_moved_messages_are_not_marked_read(exercise, inbox):
    tidy(exercise, inbox)
    flags = inbox.flags("Archive")
    assert len(flags) == 2, flags
    assert not any(b"\\Seen" in f or b"\\Deleted" in f for f in flags.values()), flags


@pytest.mark.points(1)
def test_a_second_run_and_another_folder(exercise, inbox):
    tidy(exercise, inbox)
    assert tidy(exercise, inbox) == 0, "the folder exists already: that is not an error"
    assert tidy(exercise, inbox, pattern="lunch", archive="Later") == 1
    assert inbox.subjects("Later") == ["Lunch on Friday?"]
    assert inbox.subjects("Archive") == ["Report week 1", "REPORT week 2"]
    assert inbox.subjects() == ["Msg 1", "Msg 2", "Msg 3"]
