"""A Twitter bot that answers "@worldclock Dublin" with the time in Dublin.

Follows "A Twitter client" in chapter 3 of the book: OAuth 1 with requests-oauthlib,
``verify_credentials``, polling ``mentions_timeline``, matching a city against the
time zone database, replying with ``statuses/update``, and a daemon loop.

Twitter's v1.1 API is gone, so the bot talks to the lab's stand-in, ``twitter_api.py``
(start it first: ``python twitter_api.py``). The keys come from the environment
(``TWITTER_CONSUMER_KEY``, ``TWITTER_CONSUMER_SECRET``, ``TWITTER_ACCESS_TOKEN``,
``TWITTER_ACCESS_SECRET``); without them, the lab-only demo keys of ``twitter_api.py``
are used. Real keys belong in the environment or a file, never in the source.

Run it::

    python twitter_worldclock.py --max-polls 1          # one poll, then stop
    python twitter_worldclock.py --interval 60          # the book's daemon
    python twitter_worldclock.py --offline test_mentions.json   # no network at all
    TWITTER_API_BASE=http://127.0.0.1:8005 python twitter_worldclock.py --max-polls 1

Differences from the book: ``zoneinfo`` instead of pytz; the current time is a
parameter (``now``), so replies can be tested; the poll interval and the number of polls
are options; a duplicate reply (403) is counted and the loop goes on; a refused
connection or bad keys end in one line on stderr; the book prints "Credentials
validated OK" in one place and "Validated credentials OK" in another: it is the latter.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import time
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime

import requests
from requests_oauthlib import OAuth1

from labkit import cli, config

MAX_ERRORS = 15  # the book gives up after 15 failed polls in a row
# The lab's demo keys, the same as twitter_api.py's defaults. Lab only!
LAB_KEYS = {
    "TWITTER_CONSUMER_KEY": "lab-worldclock-consumer-key",
    "TWITTER_CONSUMER_SECRET": "lab-only-consumer-secret-not-a-real-one",
    "TWITTER_ACCESS_TOKEN": "4242-lab-worldclock-access-token",
    "TWITTER_ACCESS_SECRET": "lab-only-access-secret-not-a-real-one",
}


class CredentialsError(Exception):
    """The API did not accept our keys."""


def init_auth(env=None) -> OAuth1:
    """An OAuth1 signer from the ``TWITTER_*`` variables (lab keys for missing ones)."""
    env = os.environ if env is None else env
    keys = {name: env.get(name) or default for name, default in LAB_KEYS.items()}
    return OAuth1(
        keys["TWITTER_CONSUMER_KEY"],
        keys["TWITTER_CONSUMER_SECRET"],
        keys["TWITTER_ACCESS_TOKEN"],
        keys["TWITTER_ACCESS_SECRET"],
    )


class TwitterClient:
    """The three API calls the bot makes, every one signed and with a timeout."""

    def __init__(self, api_base: str, auth: OAuth1, timeout: float = 5):
        self.api_base = api_base.rstrip("/")
        self.auth = auth
        self.timeout = timeout
        self.session = requests.Session()
        self.session.trust_env = False  # the API is on loopback: no proxies

    def url(self, path: str) -> str:
        return f"{self.api_base}/1.1/{path}"

    def verify_credentials(self) -> bool:
        """True when the API accepts our keys (200), False when it does not (401)."""
        response = self.session.get(
            self.url("account/verify_credentials.json"), auth=self.auth, timeout=self.timeout
        )
        return response.status_code == 200

    def get_mentions(self, since_id: int) -> list[dict]:
        """Tweets mentioning us with an id above ``since_id``, newest first.

        Raises ``requests.HTTPError`` for an error status (429 when rate limited) and
        ``ValueError`` when the body is not the JSON list of tweets we expect.
        """
        params = {"count": 200, "since_id": since_id, "include_rts": 0, "include_entities": "false"}
        response = self.session.get(
            self.url("statuses/mentions_timeline.json"),
            params=params,
            auth=self.auth,
            timeout=self.timeout,
        )
        response.raise_for_status()
        tweets = response.json()
        if not isinstance(tweets, list):
            raise ValueError("the mentions timeline is not a JSON list")
        return tweets

    def post_reply(self, reply_to_id: int, text: str) -> dict:
        """Tweet ``text`` as a reply to tweet ``reply_to_id``; 403 means a duplicate."""
        params = {"status": text, "in_reply_to_status_id": reply_to_id}
        response = self.session.post(
            self.url("statuses/update.json"), params=params, auth=self.auth, timeout=self.timeout
        )
        response.raise_for_status()
        return response.json()


@functools.cache
def zone_names() -> list[str]:
    """Every zone name zoneinfo knows (``Europe/Dublin``…), sorted so matches are stable."""
    return sorted(zoneinfo.available_timezones())


def place_of(text: str) -> str:
    """The tweet without its @mentions and #hashtags: ``@worldclock New York`` -> ``New York``."""
    return " ".join(word for word in text.split() if word[0] not in "@#")


def find_timezone(place: str) -> str | None:
    """The book's match: a zone one of whose ``/`` parts is the place, ``_`` for spaces."""
    check = place.replace(" ", "_").lower()
    if not check:
        return None
    for name in zone_names():
        if check in name.lower().split("/"):
            return name
    return None


def make_reply(tweet: dict, now: datetime | None = None) -> str:
    """The reply to one mention, at time ``now`` (an aware datetime; default: now)."""
    username = tweet["user"]["screen_name"]
    place = place_of(tweet["text"])
    zone = find_timezone(place)
    if zone is None:
        return f"@{username} Sorry, I didn't recognize '{place}' as a city"
    now = now or datetime.now(UTC)
    local = now.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%H:%M")
    return f"@{username} The time in {place} is currently {local}"


@dataclass
class Stats:
    """What a run did."""

    polls: int = 0
    replies: int = 0
    duplicates: int = 0
    errors: int = 0  # failed polls in a row when the run ended


def run(
    client: TwitterClient,
    *,
    max_polls: int | None = None,
    interval: float = 60,
    since_id: int = 1,
    now: datetime | None = None,
    sleep=time.sleep,
) -> Stats:
    """The daemon loop: poll, reply to each new mention, sleep, repeat.

    Stops after ``max_polls`` polls (None: never) or after ``MAX_ERRORS`` failed polls
    in a row. A reply refused as a duplicate (403) is reported and counted; the loop
    goes on with the next mention.
    """
    stats = Stats()
    while stats.errors < MAX_ERRORS and (max_polls is None or stats.polls < max_polls):
        stats.polls += 1
        try:
            for tweet in client.get_mentions(since_id):
                reply = make_reply(tweet, now)
                print(reply, flush=True)
                try:
                    client.post_reply(tweet["id"], reply)
                    stats.replies += 1
                except requests.HTTPError as exc:
                    if exc.response is None or exc.response.status_code != 403:
                        raise
                    print(f"Duplicate, not posted: {reply}", flush=True)
                    stats.duplicates += 1
                since_id = max(since_id, tweet["id"])
            stats.errors = 0
        except (requests.RequestException, ValueError, KeyError) as exc:
            print(f"Error: {exc}", flush=True)
            stats.errors += 1
        if max_polls is None or stats.polls < max_polls:
            sleep(interval)
    return stats


def replay(path: str, now: datetime | None = None) -> list[str]:
    """Offline mode: the replies to mentions saved in a JSON file, no network."""
    with open(path, encoding="utf-8") as file:
        mentions = json.load(file)
    return [make_reply(tweet, now) for tweet in mentions]


def default_api_base() -> str:
    """twitter_api.py on 127.0.0.1:8005, unless TWITTER_API_BASE or the lab config differ."""
    return config.setting("twitter_api_base")


def parse_args(argv):
    parser = cli.ArgumentParser(description="Answer Twitter mentions with a city's time.")
    default = default_api_base()
    parser.add_argument(
        "--api-base",
        type=cli.http_url,
        default=default,
        metavar="URL",
        help=f"where the API is (default: {default}; env TWITTER_API_BASE)",
    )
    parser.add_argument(
        "--offline", metavar="FILE", help="reply to the mentions saved in FILE, no network"
    )
    parser.add_argument(
        "--interval", type=float, default=60, help="seconds between polls (default: 60)"
    )
    parser.add_argument("--max-polls", type=int, help="stop after this many polls")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    if args.interval < 0:
        parser.error("--interval must be 0 or more")
    if args.max_polls is not None and args.max_polls < 1:
        parser.error("--max-polls must be at least 1")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.offline:
        try:
            replies = replay(args.offline)
        except OSError as exc:
            return cli.error(f"cannot read {args.offline}: {cli.describe_error(exc)}")
        except (ValueError, KeyError, TypeError, IndexError):
            return cli.error(f"{args.offline} does not hold a JSON list of tweets")
        return cli.print_output("\n".join(replies))
    client = TwitterClient(args.api_base, init_auth(), args.timeout)
    try:
        if not client.verify_credentials():
            return cli.error("Credentials validation failed")
        print("Validated credentials OK", flush=True)
        stats = run(client, max_polls=args.max_polls, interval=args.interval)
    except requests.RequestException as exc:
        return cli.error(f"cannot reach {args.api_base}: {describe(exc)}")
    except KeyboardInterrupt:
        return 0
    if stats.errors >= MAX_ERRORS:
        return cli.error(f"giving up after {MAX_ERRORS} failed polls in a row")
    return 0


def describe(exc: requests.RequestException) -> str:
    """One line for a requests failure."""
    if isinstance(exc, requests.ConnectionError) and not isinstance(exc, requests.Timeout):
        return "cannot connect (is twitter_api.py running?)"
    if isinstance(exc, requests.Timeout):
        return "timed out"
    return str(exc)


if __name__ == "__main__":
    sys.exit(main())
