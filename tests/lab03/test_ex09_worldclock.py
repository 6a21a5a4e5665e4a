"""Exercise 9: a testable world clock (find_timezone, make_reply, run)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

NOON = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)

CITIES = [  # what the user typed, the zone, the time at NOON UTC
    ("Dublin", "Europe/Dublin", "12:00"),
    ("New York", "America/New_York", "07:00"),
    ("new york", "America/New_York", "07:00"),
    ("Tokyo", "Asia/Tokyo", "21:00"),
    ("Buenos Aires", "America/Argentina/Buenos_Aires", "09:00"),
    ("Indianapolis", "America/Indiana/Indianapolis", "07:00"),
    ("Los Angeles", "America/Los_Angeles", "04:00"),
    ("Sao Paulo", "America/Sao_Paulo", "09:00"),
]
NOT_CITIES = ["America", "Europe", "US", "Pacific", "Paris France", "Atlantis", ""]


def tweet(text: str, user: str = "alice", tweet_id: int = 1) -> dict:
    return {"id": tweet_id, "text": text, "user": {"screen_name": user}}


@pytest.mark.points(2)
def test_cities_and_their_time(exercise):
    worldclock = exercise.load("worldclock.py")
    for place, zone, local in CITIES:
        assert worldclock.find_timezone(place) == zone, place
        reply = worldclock.make_reply(tweet(f"@worldclock {place} #travel", "alice"), NOON)
        assert reply == f"@alice The time in {place} is currently {local}", place


@pytest.mark.points(1)
def test_old_names_use_aliases(exercise):
    worldclock = exercise.load("worldclock.py")
    assert worldclock.find_timezone("Kiev") == "Europe/Kyiv"
    assert worldclock.find_timezone("Calcutta") == "Asia/Kolkata"
    reply = worldclock.make_reply(tweet("@worldclock Kiev", "olena"), NOON)
    assert reply == "@olena The time in Kiev is currently 14:00"


@pytest.mark.points(1)
def test_regions_alone_are_not_cities(exercise):
    worldclock = exercise.load("worldclock.py")
    for place in NOT_CITIES:
        assert worldclock.find_timezone(place) is None, place
    reply = worldclock.make_reply(tweet("@worldclock America", "bob"), NOON)
    assert reply == "@bob Sorry, I didn't recognize 'America' as a city"


@pytest.mark.points(2)
def test_run_replies_to_each_mention_once(exercise, twitter_api):
    worldclock = exercise.load("worldclock.py")
    client = worldclock.TwitterClient(twitter_api.url, worldclock.init_auth(twitter_api.env()))
    sleeps = []
    posted = worldclock.run(client, 2, 7, now=NOON, sleep=sleeps.append)
    expected = {
        1001: "@alice The time in Dublin is currently 12:00",
        1002: "@bob Sorry, I didn't recognize 'Atlantis' as a city",
        1003: "@carol The time in New York is currently 07:00",
        1004: "@dave The time in Tokyo is currently 21:00",
    }
    assert sorted(posted) == sorted(expected.values())
    received = {post["in_reply_to_status_id"]: post["text"] for post in twitter_api.posted}
    assert received == expected
    polls = twitter_api.requests_to("/1.1/statuses/mentions_timeline.json")
    assert [poll.args.get("since_id") for poll in polls] == ["1", "1004"]
    assert sleeps == [7]
