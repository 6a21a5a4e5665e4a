"""Exercise 12: answer mentions from a stream instead of polling.

Polling ``mentions_timeline`` can miss tweets (at most 200 per poll) and wastes the
rate limit. The book's "Taking it further" points to Twitter's streaming API: the
server keeps the HTTP response open and sends each new tweet as one line of JSON as it
happens, with blank lines now and then to keep the connection alive. With requests,
``session.get(url, stream=True)`` returns as soon as the headers arrive and
``response.iter_lines()`` yields the lines as they come.

The lab's ``twitter_api.py`` streams at ``GET /1.1/statuses/stream.json``.

- ``iter_tweets(lines)``: from an iterable of lines (bytes, as ``iter_lines()`` yields
  them), yield each tweet as a dict; skip the blank keep-alive lines.
- ``stream_replies(client, max_tweets, now=None)``: open the stream (``client.open_stream()``,
  given), and for each tweet post ``make_reply(tweet, now)`` with
  ``client.post_reply(tweet["id"], reply)``; stop after ``max_tweets`` tweets and close
  the response (a ``with`` block). Return the replies posted, in order.

Graded (``pytest tests/lab03/test_ex12_stream_mentions.py``): keep-alives skipped; the
replies the fixture received, with the right ``in_reply_to_status_id``; stopping after N
tweets while the stream stays open; the command line.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime

import requests

from labkit import cli, lab_dir

sys.path.insert(0, str(lab_dir("03")))
from twitter_worldclock import TwitterClient, default_api_base, init_auth, make_reply


class StreamClient(TwitterClient):
    """The lab's client plus the streaming endpoint (given)."""

    def open_stream(self) -> requests.Response:
        """The open stream response; use it in a ``with`` block to close it."""
        response = self.session.get(
            self.url("statuses/stream.json"), auth=self.auth, stream=True, timeout=self.timeout
        )
        response.raise_for_status()
        return response


def iter_tweets(lines: Iterable[bytes]) -> Iterator[dict]:
    """Exercise 12: the tweets in a stream of lines, keep-alives skipped."""
    for line in lines:
        if line.strip():
            yield json.loads(line)


def stream_replies(client: StreamClient, max_tweets: int, now: datetime | None = None) -> list[str]:
    """Exercise 12: reply to the first ``max_tweets`` streamed tweets; the replies."""
    replies: list[str] = []
    if max_tweets < 1:
        return replies
    with client.open_stream() as response:
        for tweet in iter_tweets(response.iter_lines()):
            reply = make_reply(tweet, now)
            client.post_reply(tweet["id"], reply)
            replies.append(reply)
            if len(replies) >= max_tweets:
                break
    return replies


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Reply to mentions as they are streamed.")
    default = default_api_base()
    parser.add_argument("--api-base", type=cli.http_url, default=default, metavar="URL")
    parser.add_argument("--max-tweets", type=int, default=3, help="stop after N (default: 3)")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    client = StreamClient(args.api_base, init_auth(), args.timeout)
    try:
        for reply in stream_replies(client, args.max_tweets):
            print(reply, flush=True)
    except OSError as exc:  # requests' errors are OSErrors too
        return cli.error(f"{type(exc).__name__}: {exc}")
    except ValueError as exc:
        return cli.error(f"not a tweet on the stream: {exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
