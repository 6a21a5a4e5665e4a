"""Exercise 12: answer mentions from a stream of NDJSON with keep-alive lines."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from labkit import testing

NOON = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)
FIRST_THREE = {
    2001: "@erin The time in Sydney is currently 23:00",
    2002: "@frank The time in Lisbon is currently 12:00",
    2003: "@grace The time in Los Angeles is currently 04:00",
}


def client_for(module, api):
    return module.StreamClient(api.url, module.init_auth(api.env()), timeout=5)


@pytest.mark.points(1)
def test_keepalive_lines_are_skipped(exercise):
    stream = exercise.load("stream_mentions.py")
    lines = [b"", b'{"id": 1, "text": "a"}', b"", b"  ", b'{"id": 2, "text": "b"}', b""]
    assert [tweet["id"] for tweet in stream.iter_tweets(lines)] == [1, 2]


@pytest.mark.points(2)
def test_the_fixture_receives_the_replies(exercise, twitter_api):
    stream = exercise.load("stream_mentions.py")
    replies = stream.stream_replies(client_for(stream, twitter_api), 3, now=NOON)
    assert replies == list(FIRST_THREE.values())
    received = {post["in_reply_to_status_id"]: post["text"] for post in twitter_api.posted}
    assert received == FIRST_THREE


@pytest.mark.points(1)
def test_stops_after_n_while_the_stream_stays_open(exercise, twitter_api):
    stream = exercise.load("stream_mentions.py")
    twitter_api.state.stream_linger = 30  # keep-alives for 30 s after the last tweet
    start = time.monotonic()
    replies = stream.stream_replies(client_for(stream, twitter_api), 2, now=NOON)
    assert time.monotonic() - start < 10
    assert len(replies) == 2 and len(twitter_api.posted) == 2


@pytest.mark.points(1)
def test_the_command_line(exercise, twitter_api):
    script = exercise.path("stream_mentions.py")
    result = testing.run_script(script, "--max-tweets", "1", env=twitter_api.env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("@erin The time in Sydney is currently ")
    assert [post["in_reply_to_status_id"] for post in twitter_api.posted] == [2001]
