"""Exercise 11: --record FILE saves the mentions; --offline FILE replies without a network."""

from __future__ import annotations

import json
import re

import pytest

from labkit import testing

REPLY = re.compile(r"@\w+ (The time in .+ is currently \d\d:\d\d|Sorry, I didn't recognize .+)")


def record(exercise, api, path):
    script = exercise.path("worldclock.py")
    return testing.run_script(script, "--record", str(path), env=api.env())


@pytest.mark.points(2)
def test_record_saves_the_mentions(exercise, start_twitter_api, tmp_path):
    api = start_twitter_api()
    saved = tmp_path / "mentions.json"
    result = record(exercise, api, saved)
    assert result.returncode == 0, result.stderr
    mentions = json.loads(saved.read_text(encoding="utf-8"))
    assert [tweet["id"] for tweet in mentions] == [1004, 1003, 1002, 1001]
    assert mentions[0]["user"]["screen_name"] == "dave"
    assert api.posted == []  # recording does not reply


@pytest.mark.points(2)
def test_offline_replays_with_the_api_stopped(exercise, start_twitter_api, tmp_path):
    api = start_twitter_api()
    saved = tmp_path / "mentions.json"
    assert record(exercise, api, saved).returncode == 0
    env = api.env()
    api.__exit__(None, None, None)  # no API any more: offline must not need it
    script = exercise.path("worldclock.py")
    result = testing.run_script(script, "--offline", str(saved), env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 4 and all(REPLY.fullmatch(line) for line in lines), lines
    assert "@bob Sorry, I didn't recognize 'Atlantis' as a city" in lines
    assert any(line.startswith("@carol The time in New York is currently ") for line in lines)


@pytest.mark.points(1)
def test_load_mentions_rejects_a_missing_or_bad_file(exercise, tmp_path):
    worldclock = exercise.load("worldclock.py")
    with pytest.raises(OSError):
        worldclock.load_mentions(str(tmp_path / "missing.json"))
    bad = tmp_path / "bad.json"
    bad.write_text("[{", encoding="utf-8")
    with pytest.raises(ValueError):
        worldclock.load_mentions(str(bad))
