"""twitter_worldclock.py: the book's world clock bot, against the fake Twitter API."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
import twitter_worldclock as wc

from labkit import testing

from .fixtures_web import LAB

SCRIPT = LAB / "twitter_worldclock.py"
NOON = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)
MENTIONS = "/1.1/statuses/mentions_timeline.json"


def client_for(api) -> wc.TwitterClient:
    return wc.TwitterClient(api.url, wc.init_auth(api.env()), timeout=5)


def mention(text: str, user: str = "alice", tweet_id: int = 1) -> dict:
    return {"id": tweet_id, "text": text, "user": {"screen_name": user}}


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0
    for option in ("--api-base", "--offline", "--interval", "--max-polls", "--timeout"):
        assert option in result.stdout


@pytest.mark.parametrize(
    ("text", "user", "reply"),
    [
        ("@worldclock Dublin", "alice", "@alice The time in Dublin is currently 12:00"),
        ("@worldclock New York", "alice", "@alice The time in New York is currently 07:00"),
        ("@worldclock Tokyo", "alice", "@alice The time in Tokyo is currently 21:00"),
        ("@worldclock Atlantis", "bob", "@bob Sorry, I didn't recognize 'Atlantis' as a city"),
        ("#hello @worldclock new york", "carol", "@carol The time in new york is currently 07:00"),
    ],
)
def test_make_reply_with_a_fixed_now(text, user, reply):
    assert wc.make_reply(mention(text, user), now=NOON) == reply


def test_the_book_algorithm_keeps_its_quirks():
    assert wc.find_timezone("America") == "America/Adak"  # a region matches its first city
    assert wc.find_timezone("Paris France") is None
    assert wc.find_timezone("") is None


def test_good_keys_are_validated(twitter_api):
    assert client_for(twitter_api).verify_credentials() is True


def test_bad_keys_exit_1_with_one_line(twitter_api):
    env = twitter_api.env() | {"TWITTER_ACCESS_SECRET": "wrong"}
    result = testing.run_script(SCRIPT, "--max-polls", "1", env=env)
    line = testing.assert_one_line_error(result, 1)
    assert line.endswith("Credentials validation failed")
    assert twitter_api.posted == []


def test_get_mentions_newest_first_and_the_query(twitter_api):
    client = client_for(twitter_api)
    assert [tweet["id"] for tweet in client.get_mentions(1)] == [1004, 1003, 1002, 1001]
    assert [tweet["id"] for tweet in client.get_mentions(1002)] == [1004, 1003]
    first = twitter_api.requests_to(MENTIONS)[0]
    assert first.args == {
        "count": "200",
        "since_id": "1",
        "include_rts": "0",
        "include_entities": "false",
    }


def test_a_429_raises_http_error(start_twitter_api):
    api = start_twitter_api(rate_limit=0)
    with pytest.raises(requests.HTTPError) as caught:
        client_for(api).get_mentions(1)
    assert caught.value.response.status_code == 429


def test_run_replies_once_per_mention(twitter_api):
    sleeps = []
    stats = wc.run(client_for(twitter_api), max_polls=2, interval=0, now=NOON, sleep=sleeps.append)
    assert stats.polls == 2 and stats.replies == 4 and stats.duplicates == 0
    replies = {post["in_reply_to_status_id"]: post["text"] for post in twitter_api.posted}
    assert replies == {
        1004: "@dave The time in Tokyo is currently 21:00",
        1003: "@carol The time in New York is currently 07:00",
        1002: "@bob Sorry, I didn't recognize 'Atlantis' as a city",
        1001: "@alice The time in Dublin is currently 12:00",
    }
    polls = twitter_api.requests_to(MENTIONS)
    assert [poll.args["since_id"] for poll in polls] == ["1", "1004"]
    assert sleeps == [0]  # between the two polls, not after the last


def test_a_new_mention_is_answered_on_the_next_poll(twitter_api):
    client = client_for(twitter_api)
    wc.run(client, max_polls=1, now=NOON)
    tweet = twitter_api.add_mention("erin", "@worldclock Lisbon")
    stats = wc.run(client, max_polls=1, since_id=1004, now=NOON)
    assert stats.replies == 1
    assert twitter_api.posted[-1]["in_reply_to_status_id"] == tweet["id"]
    assert twitter_api.posted[-1]["text"] == "@erin The time in Lisbon is currently 12:00"


def test_a_duplicate_is_counted_and_the_loop_goes_on(twitter_api, capsys):
    client = client_for(twitter_api)
    client.post_reply(1, "@alice The time in Dublin is currently 12:00")
    stats = wc.run(client, max_polls=1, now=NOON)
    assert stats.duplicates == 1 and stats.replies == 3
    assert "Duplicate, not posted: @alice" in capsys.readouterr().out


def test_fifteen_errors_in_a_row_end_the_loop(start_twitter_api, capsys):
    api = start_twitter_api(rate_limit=0)  # every poll is a 429
    sleeps = []
    stats = wc.run(client_for(api), interval=60, sleep=sleeps.append)
    assert stats.errors == 15 and stats.polls == 15
    assert sleeps == [60] * 15
    assert capsys.readouterr().out.count("Error: 429") == 15


def test_one_poll_from_the_command_line(twitter_api):
    result = testing.run_script(
        SCRIPT, "--max-polls", "1", "--interval", "0", env=twitter_api.env()
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Validated credentials OK"
    assert lines[3] == "@bob Sorry, I didn't recognize 'Atlantis' as a city"
    assert len(twitter_api.posted) == 4


def test_the_api_base_comes_from_the_option(twitter_api):
    env = twitter_api.env() | {"TWITTER_API_BASE": f"http://127.0.0.1:{testing.closed_port()}"}
    result = testing.run_script(SCRIPT, "--api-base", twitter_api.url, "--max-polls", "1", env=env)
    assert result.returncode == 0, result.stderr


def test_a_refused_connection_is_one_line():
    port = testing.closed_port()
    result = testing.run_script(SCRIPT, "--api-base", f"http://127.0.0.1:{port}")
    line = testing.assert_one_line_error(result, 1)
    assert "cannot connect" in line


def test_a_bad_url_is_a_usage_error():
    testing.assert_one_line_error(testing.run_script(SCRIPT, "--api-base", "ftp://x/"), 2)
    testing.assert_one_line_error(testing.run_script(SCRIPT, "--max-polls", "0"), 2)


class NotJSON(BaseHTTPRequestHandler):
    """Answers 200 with an HTML page to everything: an API that is not one."""

    def do_GET(self):
        body = b"<html><body>Maintenance</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def not_json_url():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), NotJSON)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def test_malformed_json_is_an_error_not_a_crash(not_json_url, capsys):
    client = wc.TwitterClient(not_json_url, wc.init_auth({}), timeout=5)
    with pytest.raises(ValueError):
        client.get_mentions(1)
    stats = wc.run(client, max_polls=2, interval=0, sleep=lambda s: None)
    assert stats.errors == 2
    assert capsys.readouterr().out.count("Error:") == 2


# --- offline mode: the shipped test_mentions.json --------------------------------------

GOLDEN = [
    "@dave The time in Tokyo is currently 21:00",
    "@carol The time in New York is currently 07:00",
    "@bob Sorry, I didn't recognize 'Atlantis' as a city",
    "@alice The time in Dublin is currently 12:00",
]


def test_replaying_the_shipped_mentions_matches_the_golden_output():
    assert wc.replay(str(LAB / "test_mentions.json"), now=NOON) == GOLDEN


def test_the_shipped_file_is_what_the_fixture_serves(twitter_api):
    shipped = json.loads((LAB / "test_mentions.json").read_text(encoding="utf-8"))
    assert shipped == client_for(twitter_api).get_mentions(1)


def test_offline_from_the_command_line_needs_no_network():
    result = testing.run_script(
        SCRIPT, "--offline", "test_mentions.json", "--api-base", "http://127.0.0.1:1", cwd=LAB
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert lines[2] == GOLDEN[2]
    assert lines[0].startswith("@dave The time in Tokyo is currently ")


def test_offline_with_a_missing_or_bad_file(tmp_path):
    result = testing.run_script(SCRIPT, "--offline", str(tmp_path / "nothing.json"))
    assert "cannot read" in testing.assert_one_line_error(result, 1)
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "a list"', encoding="utf-8")
    result = testing.run_script(SCRIPT, "--offline", str(bad))
    assert "JSON list of tweets" in testing.assert_one_line_error(result, 1)
