"""Exercises 9, 10 and 11: a world clock bot you can test.

The lab's ``twitter_worldclock.py`` keeps the book's city matching, quirks included:
"America" matches America/Adak, and "Kiev" finds the old name Europe/Kiev. Here you
write a stricter version, a loop that respects rate limits, and record-and-replay.

Exercise 9, testable world clock:

- ``find_timezone(place)``: the IANA zone name for a city, or None. Join the words
  with ``_`` and compare without case against the *last* part of each zone name
  (``America/Argentina/Buenos_Aires`` -> ``buenos_aires``), only in the geographic
  areas of ``AREAS``, trying the zones in sorted order. Check ``ALIASES`` first, so
  "Kiev" gives Europe/Kyiv. A region alone ("America", "Europe", "US") is not a city.
- ``make_reply(tweet, now)``: ``@user The time in PLACE is currently HH:MM``, or
  ``@user Sorry, I didn't recognize 'PLACE' as a city``; PLACE is the tweet's text
  without @mentions and #hashtags (``place_of``), ``now`` an aware datetime.
- ``run(client, max_polls, interval, now=…, sleep=…, clock=…)``: poll the mentions
  ``max_polls`` times with ``since_id`` (1 at first, then the highest id seen), reply to
  each new mention with ``client.post_reply(tweet["id"], reply)``, and call
  ``sleep(interval)`` between two polls (not after the last). A reply refused as a
  duplicate (HTTP 403) is skipped. Return the list of replies posted.

Exercise 10, rate limiting: when ``get_mentions`` raises ``requests.HTTPError`` with
status 429, sleep until the time in the response's ``x-rate-limit-reset`` header
(seconds since the epoch; ``seconds_until_reset``), measured with ``clock()``, then
retry the same poll: a retry is not a new poll. Never sleep a negative time.

Exercise 11, record and replay: ``record_mentions(client, path)`` saves
``client.get_mentions(1)`` as JSON in ``path``; ``load_mentions(path)`` reads it back.
The command line already calls them for ``--record FILE`` and ``--offline FILE``.

Graded: ``pytest tests/lab03/test_ex09_worldclock.py`` (and ``test_ex10_…``,
``test_ex11_…``).
"""

from __future__ import annotations

import functools
import json
import sys
import time
import zoneinfo
from datetime import UTC, datetime

import requests

from labkit import cli, lab_dir

sys.path.insert(0, str(lab_dir("03")))
from twitter_worldclock import (
    TwitterClient,
    default_api_base,
    init_auth,
    place_of,
)

AREAS = {"Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe"}
AREAS |= {"Indian", "Pacific"}
# Old city names people still type -> today's zone.
ALIASES = {
    "kiev": "Europe/Kyiv",
    "calcutta": "Asia/Kolkata",
    "saigon": "Asia/Ho_Chi_Minh",
    "rangoon": "Asia/Yangon",
}


@functools.cache
def city_zones() -> list[str]:
    """Zone names in the geographic areas, sorted."""
    return sorted(name for name in zoneinfo.available_timezones() if name.split("/")[0] in AREAS)


def find_timezone(place: str) -> str | None:
    """Exercise 9: the zone of a city (``New York`` -> ``America/New_York``), or None."""
    key = "_".join(place.split()).lower()
    if not key:
        return None
    if key in ALIASES:
        return ALIASES[key]
    for name in city_zones():
        parts = name.split("/")
        if len(parts) > 1 and parts[-1].lower() == key:
            return name
    return None


def make_reply(tweet: dict, now: datetime) -> str:
    """Exercise 9: the reply to one mention at the aware datetime ``now``."""
    username = tweet["user"]["screen_name"]
    place = place_of(tweet["text"])
    zone = find_timezone(place)
    if zone is None:
        return f"@{username} Sorry, I didn't recognize '{place}' as a city"
    local = now.astimezone(zoneinfo.ZoneInfo(zone))
    return f"@{username} The time in {place} is currently {local:%H:%M}"


def seconds_until_reset(response: requests.Response, clock=time.time) -> float:
    """Exercise 10: how long until the rate limit window of ``response`` resets."""
    reset = float(response.headers["x-rate-limit-reset"])
    return max(0.0, reset - clock())


def _get_mentions(client, since_id, sleep, clock) -> list[dict]:
    """Exercise 10: get_mentions, waiting out a 429 and retrying."""
    while True:
        try:
            return client.get_mentions(since_id)
        except requests.HTTPError as exc:
            if exc.response is None or exc.response.status_code != 429:
                raise
            sleep(seconds_until_reset(exc.response, clock))


def run(
    client: TwitterClient,
    max_polls: int,
    interval: float,
    *,
    now: datetime | None = None,
    sleep=time.sleep,
    clock=time.time,
) -> list[str]:
    """Exercise 9 (and 10): poll, reply to new mentions, sleep; the replies posted."""
    since_id = 1
    posted = []
    for poll in range(max_polls):
        if poll:
            sleep(interval)
        for tweet in _get_mentions(client, since_id, sleep, clock):
            reply = make_reply(tweet, now or datetime.now(UTC))
            try:
                client.post_reply(tweet["id"], reply)
            except requests.HTTPError as exc:
                if exc.response is None or exc.response.status_code != 403:
                    raise
            else:
                posted.append(reply)
            since_id = max(since_id, tweet["id"])
    return posted


def record_mentions(client: TwitterClient, path: str) -> int:
    """Exercise 11: save the mentions (since id 1) as JSON in ``path``; how many."""
    mentions = client.get_mentions(1)
    with open(path, "w", encoding="utf-8") as file:
        json.dump(mentions, file, indent=2)
    return len(mentions)


def load_mentions(path: str) -> list[dict]:
    """Exercise 11: the mentions saved by ``record_mentions``."""
    with open(path, encoding="utf-8") as file:
        mentions = json.load(file)
    if not isinstance(mentions, list):
        raise ValueError(f"{path} does not hold a JSON list")
    return mentions


# --- the command line (given) -------------------------------------------------------


def parse_args(argv):
    parser = cli.ArgumentParser(description="A testable world clock bot.")
    default = default_api_base()
    parser.add_argument("--api-base", type=cli.http_url, default=default, metavar="URL")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--record", metavar="FILE", help="save the mentions in FILE and stop")
    mode.add_argument("--offline", metavar="FILE", help="reply to the mentions in FILE")
    parser.add_argument("--max-polls", type=int, default=1, help="polls (default: 1)")
    parser.add_argument("--interval", type=float, default=60, help="seconds between polls")
    cli.add_timeout(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    now = datetime.now(UTC)
    if args.offline:
        try:
            mentions = load_mentions(args.offline)
            replies = [make_reply(tweet, now) for tweet in mentions]
        except OSError as exc:
            return cli.error(f"cannot read {args.offline}: {cli.describe_error(exc)}")
        except (ValueError, KeyError, TypeError) as exc:
            return cli.error(f"{args.offline}: not a list of tweets ({exc})")
        return cli.print_output("\n".join(replies))
    client = TwitterClient(args.api_base, init_auth(), args.timeout)
    try:
        if args.record:
            count = record_mentions(client, args.record)
            print(f"Saved {count} mentions to {args.record}")
            return 0
        for reply in run(client, args.max_polls, args.interval):
            print(reply)
    except OSError as exc:  # requests' errors are OSErrors too
        return cli.error(f"{type(exc).__name__}: {exc}")
    except ValueError as exc:
        return cli.error(f"unexpected answer from the API: {exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
