"""Exercise 10: on a 429, sleep until x-rate-limit-reset, then retry; no extra calls."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import requests

from .fixtures_web import T0, FakeClock

NOON = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)
MENTIONS = "/1.1/statuses/mentions_timeline.json"


def run_limited(exercise, start_twitter_api, clock: FakeClock):
    """Three polls 60 s apart against a limit of 2 per 900 s: the third hits a 429."""
    worldclock = exercise.load("worldclock.py")
    api = start_twitter_api(rate_limit=2, rate_window=900, clock=clock.time)
    client = worldclock.TwitterClient(api.url, worldclock.init_auth(api.env()))
    posted = worldclock.run(client, 3, 60, now=NOON, sleep=clock.sleep, clock=clock.time)
    return api, posted


@pytest.mark.points(2)
def test_sleeps_until_the_reset(exercise, start_twitter_api, fake_clock):
    run_limited(exercise, start_twitter_api, fake_clock)
    assert fake_clock.sleeps[:2] == [60, 60]
    assert len(fake_clock.sleeps) == 3, fake_clock.sleeps
    # The window opened at T0 and resets at T0 + 900; the 429 came at T0 + 120.
    assert 780 <= fake_clock.sleeps[2] <= 782
    assert fake_clock.now >= T0 + 900


@pytest.mark.points(2)
def test_one_retry_and_no_extra_calls(exercise, start_twitter_api, fake_clock):
    api, posted = run_limited(exercise, start_twitter_api, fake_clock)
    statuses = [entry.status for entry in api.requests_to(MENTIONS)]
    assert statuses == [200, 200, 429, 200]
    assert len(posted) == 4 and len(api.posted) == 4


@pytest.mark.points(1)
def test_never_a_negative_sleep(exercise):
    worldclock = exercise.load("worldclock.py")
    response = requests.Response()
    response.status_code = 429
    response.headers["x-rate-limit-reset"] = str(int(T0) + 30)
    assert worldclock.seconds_until_reset(response, clock=lambda: T0) == pytest.approx(30)
    assert worldclock.seconds_until_reset(response, clock=lambda: T0 + 100) == 0
