"""A stand-in for Twitter's v1.1 REST API: the server the world clock talks to.

The book's world clock (chapter 3, "Twitter API") calls api.twitter.com with OAuth 1.0a.
Twitter's v1.1 API is gone and the labs never leave your machine, so this Flask app
answers the same paths, in the same shape, on 127.0.0.1:

- ``GET  /1.1/account/verify_credentials.json``: 200 with your account, or 401;
- ``GET  /1.1/statuses/mentions_timeline.json``: the tweets that mention you, newest
  first, filtered by ``since_id`` and cut at ``count``; optionally rate limited (429);
- ``POST /1.1/statuses/update.json``: post a tweet (``status``, ``in_reply_to_status_id``,
  in the query string or a form body); the same text twice is a 403 duplicate;
- ``GET  /1.1/statuses/stream.json``: the mentions as a stream, one JSON object per line,
  with blank keep-alive lines (exercise 12);
- ``POST /oauth/request_token``, ``GET /oauth/authorize``, ``POST /oauth/access_token``:
  the three legs of OAuth 1 (exercise 13); authorizing is automatic here.

Every request must carry a valid OAuth 1 signature: oauthlib checks it with the keys
below. They are lab-only demo values, printed at start-up, and can be replaced with the
environment variables ``TWITTER_CONSUMER_KEY``, ``TWITTER_CONSUMER_SECRET``,
``TWITTER_ACCESS_TOKEN`` and ``TWITTER_ACCESS_SECRET``. Never put real keys in code.

Run it in its own terminal::

    python twitter_api.py                  # Listening on 127.0.0.1:8005
    python twitter_api.py --rate-limit 15  # 15 timeline requests per 15 minutes

Tests import :class:`TwitterAPI`, the same app in a background thread on port 0::

    with TwitterAPI(rate_limit=None) as api:
        api.url, api.keys, api.posted, api.requests
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from flask import Flask, Response, jsonify, request
from oauthlib.common import generate_token
from oauthlib.oauth1 import (
    AccessTokenEndpoint,
    AuthorizationEndpoint,
    RequestTokenEndpoint,
    RequestValidator,
    ResourceEndpoint,
)
from oauthlib.oauth1.rfc5849 import errors as oauth_errors
from werkzeug.serving import WSGIRequestHandler, make_server

from labkit import cli, server

DEFAULT_PORT = 8005
ACCOUNT = "worldclock"  # whose keys the lab ships: the bot's account
DANCE_ACCOUNT = "timebot"  # the account that authorizes the app in the 3-legged dance


@dataclass(frozen=True)
class Keys:
    """An app's consumer key pair and one user's access token pair."""

    consumer_key: str = "lab-worldclock-consumer-key"
    consumer_secret: str = "lab-only-consumer-secret-not-a-real-one"
    access_token: str = "4242-lab-worldclock-access-token"
    access_secret: str = "lab-only-access-secret-not-a-real-one"

    @classmethod
    def from_env(cls, env=None) -> Keys:
        """The lab keys, each replaceable by its ``TWITTER_*`` environment variable."""
        env = os.environ if env is None else env
        default = cls()
        return cls(
            env.get("TWITTER_CONSUMER_KEY") or default.consumer_key,
            env.get("TWITTER_CONSUMER_SECRET") or default.consumer_secret,
            env.get("TWITTER_ACCESS_TOKEN") or default.access_token,
            env.get("TWITTER_ACCESS_SECRET") or default.access_secret,
        )


# The mentions the timeline starts with (oldest first), and the ones the stream sends.
SEED_MENTIONS = [
    (1001, "alice", "@worldclock Dublin", "Wed Jan 15 11:58:01 +0000 2025"),
    (1002, "bob", "@worldclock Atlantis", "Wed Jan 15 11:58:45 +0000 2025"),
    (1003, "carol", "@worldclock New York #travel", "Wed Jan 15 11:59:10 +0000 2025"),
    (1004, "dave", "@worldclock Tokyo", "Wed Jan 15 11:59:52 +0000 2025"),
]
SEED_STREAM = [
    (2001, "erin", "@worldclock Sydney"),
    (2002, "frank", "@worldclock Lisbon"),
    (2003, "grace", "@worldclock Los Angeles"),
    (2004, "heidi", "@worldclock Nairobi"),
    (2005, "ivan", "@worldclock Reykjavik"),
]
USER_IDS = {"worldclock": 4242, "timebot": 5151}


def make_tweet(tweet_id: int, screen_name: str, text: str, created_at: str = "") -> dict:
    """A tweet in the v1.1 shape (the fields the lab uses, as ``include_entities=false``)."""
    return {
        "id": tweet_id,
        "id_str": str(tweet_id),
        "created_at": created_at or time.strftime("%a %b %d %H:%M:%S +0000 %Y", time.gmtime()),
        "text": text,
        "in_reply_to_status_id": None,
        "user": {
            "id": USER_IDS.get(screen_name, 100 + sum(map(ord, screen_name))),
            "screen_name": screen_name,
            "name": screen_name.capitalize(),
        },
    }


@dataclass
class Logged:
    """One request the fixture received."""

    method: str
    path: str
    args: dict[str, str]
    form: dict[str, str]
    status: int = 0


class RateLimiter:
    """``limit`` requests per ``window`` seconds; the window starts at its first request."""

    def __init__(self, limit: int, window: float = 900, clock: Callable[[], float] = time.time):
        self.limit, self.window, self.clock = limit, window, clock
        self.reset_at = 0.0
        self.used = 0

    def take(self) -> tuple[bool, dict[str, str]]:
        """Count one request: (allowed?, the ``x-rate-limit-*`` headers to send)."""
        now = self.clock()
        if now >= self.reset_at:
            self.reset_at, self.used = now + self.window, 0
        allowed = self.used < self.limit
        if allowed:
            self.used += 1
        headers = {
            "x-rate-limit-limit": str(self.limit),
            "x-rate-limit-remaining": str(self.limit - self.used),
            "x-rate-limit-reset": str(int(self.reset_at)),
        }
        return allowed, headers


@dataclass
class State:
    """Everything the fake Twitter remembers; tests read it."""

    keys: Keys
    mentions: list[dict] = field(default_factory=list)
    stream_tweets: list[dict] = field(default_factory=list)
    posted: list[dict] = field(default_factory=list)
    requests: list[Logged] = field(default_factory=list)
    limiter: RateLimiter | None = None
    stream_keepalive: float = 0.2  # seconds between blank lines on the stream
    stream_linger: float = 10.0  # seconds of keep-alives after the last streamed tweet
    # OAuth bookkeeping: token -> (secret, screen name), seen nonces, the dance's tokens.
    access_tokens: dict[str, tuple[str, str]] = field(default_factory=dict)
    request_tokens: dict[str, dict] = field(default_factory=dict)
    nonces: set[tuple] = field(default_factory=set)
    next_id: int = 5000
    lock: threading.Lock = field(default_factory=threading.Lock)

    def new_id(self) -> int:
        with self.lock:
            self.next_id += 1
            return self.next_id


class LabValidator(RequestValidator):
    """What oauthlib needs to know about our keys, tokens and nonces.

    oauthlib's defaults suit a production provider: HTTPS only, keys of 20 to 30
    letters and digits. The lab runs plain HTTP on loopback and uses readable
    Twitter-style keys (``4242-…``), so both are relaxed here.
    """

    enforce_ssl = False
    client_key_length = (8, 80)
    request_token_length = (8, 80)
    access_token_length = (8, 80)
    nonce_length = (8, 64)
    verifier_length = (8, 64)
    safe_characters = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
    realms: list[str] = []

    def __init__(self, state: State):
        super().__init__()
        self.state = state

    # Unknown keys are checked against dummies, so a wrong key takes as long as a right one.
    dummy_client = "dummy-client-key"
    dummy_request_token = "dummy-request-token"
    dummy_access_token = "dummy-access-token"

    def validate_client_key(self, client_key, request):
        return client_key == self.state.keys.consumer_key

    def get_client_secret(self, client_key, request):
        if client_key == self.state.keys.consumer_key:
            return self.state.keys.consumer_secret
        return "dummy-secret"

    def validate_access_token(self, client_key, token, request):
        return token in self.state.access_tokens

    def get_access_token_secret(self, client_key, token, request):
        return self.state.access_tokens.get(token, ("dummy-secret", ""))[0]

    def validate_timestamp_and_nonce(
        self, client_key, timestamp, nonce, request, request_token=None, access_token=None
    ):
        # oauthlib has already checked that the timestamp is within 10 minutes of now.
        seen = (client_key, timestamp, nonce, request_token or access_token)
        with self.state.lock:
            if seen in self.state.nonces:
                return False  # a replayed request
            self.state.nonces.add(seen)
        return True

    def validate_realms(self, client_key, token, request, uri=None, realms=None):
        return True

    # --- the three-legged dance (exercise 13) ---------------------------------------

    def get_default_realms(self, client_key, request):
        return []

    def validate_requested_realms(self, client_key, realms, request):
        return True

    def validate_redirect_uri(self, client_key, redirect_uri, request):
        return True

    def save_request_token(self, token, request):
        self.state.request_tokens[token["oauth_token"]] = {
            "secret": token["oauth_token_secret"],
            "callback": request.redirect_uri,
            "verifier": None,
        }

    def verify_request_token(self, token, request):
        return token in self.state.request_tokens

    def validate_request_token(self, client_key, token, request):
        return token in self.state.request_tokens

    def get_request_token_secret(self, client_key, token, request):
        return self.state.request_tokens.get(token, {}).get("secret", "dummy-secret")

    def get_realms(self, token, request):
        return []

    def get_redirect_uri(self, token, request):
        return self.state.request_tokens[token]["callback"]

    def save_verifier(self, token, verifier, request):
        self.state.request_tokens[token]["verifier"] = verifier["oauth_verifier"]

    def validate_verifier(self, client_key, token, verifier, request):
        saved = self.state.request_tokens.get(token, {}).get("verifier")
        return saved is not None and saved == verifier

    def invalidate_request_token(self, client_key, request_token, request):
        self.state.request_tokens.pop(request_token, None)

    def save_access_token(self, token, request):
        self.state.access_tokens[token["oauth_token"]] = (
            token["oauth_token_secret"],
            DANCE_ACCOUNT,
        )


def _token_generator(request=None) -> str:
    return generate_token(length=30)


def error_body(code: int, message: str) -> dict:
    return {"errors": [{"code": code, "message": message}]}


def create_app(state: State) -> Flask:
    app = Flask("twitter_api")
    validator = LabValidator(state)
    resource = ResourceEndpoint(validator)
    request_token_endpoint = RequestTokenEndpoint(validator, _token_generator)
    authorize_endpoint = AuthorizationEndpoint(validator, _token_generator)
    access_token_endpoint = AccessTokenEndpoint(validator, _token_generator)

    def oauth_args():
        """The request as oauthlib wants it: URL, method, body, headers."""
        return request.url, request.method, request.get_data(as_text=True), dict(request.headers)

    def authenticated_user() -> str | None:
        """The screen name behind a correctly signed request, or None."""
        try:
            valid, oauth_request = resource.validate_protected_resource_request(*oauth_args())
        except (oauth_errors.OAuth1Error, ValueError):
            return None
        if not valid:
            return None
        return state.access_tokens[oauth_request.resource_owner_key][1]

    def unauthorized():
        return jsonify(error_body(32, "Could not authenticate you.")), 401

    @app.before_request
    def log_request():
        request.get_data(cache=True)  # keep the raw body for the signature check
        entry = Logged(request.method, request.path, request.args.to_dict(), request.form.to_dict())
        request.environ["lab.log"] = entry
        with state.lock:
            state.requests.append(entry)

    @app.after_request
    def log_status(response):
        entry = request.environ.get("lab.log")
        if entry is not None:
            entry.status = response.status_code
        return response

    @app.get("/1.1/account/verify_credentials.json")
    def verify_credentials():
        user = authenticated_user()
        if user is None:
            return unauthorized()
        return jsonify({"id": USER_IDS.get(user, 1), "screen_name": user, "name": user})

    @app.get("/1.1/statuses/mentions_timeline.json")
    def mentions_timeline():
        if authenticated_user() is None:
            return unauthorized()
        headers = {}
        if state.limiter is not None:
            allowed, headers = state.limiter.take()
            if not allowed:
                return jsonify(error_body(88, "Rate limit exceeded")), 429, headers
        try:
            count = min(int(request.args.get("count", 20)), 200)
            since_id = int(request.args.get("since_id", 0))
        except ValueError:
            return jsonify(error_body(44, "count and since_id must be integers")), 400
        with state.lock:
            newer = [tweet for tweet in state.mentions if tweet["id"] > since_id]
        newer.sort(key=lambda tweet: tweet["id"], reverse=True)  # newest first
        return jsonify(newer[:count]), 200, headers

    @app.post("/1.1/statuses/update.json")
    def update():
        if authenticated_user() is None:
            return unauthorized()
        params = {**request.form.to_dict(), **request.args.to_dict()}
        text = params.get("status", "")
        if not text:
            return jsonify(error_body(170, "Missing required parameter: status.")), 400
        with state.lock:
            if any(post["text"] == text for post in state.posted):
                return jsonify(error_body(187, "Status is a duplicate.")), 403
        reply_to = params.get("in_reply_to_status_id")
        tweet = make_tweet(state.new_id(), ACCOUNT, text)
        tweet["in_reply_to_status_id"] = int(reply_to) if reply_to else None
        with state.lock:
            state.posted.append(tweet)
        return jsonify(tweet)

    @app.get("/1.1/statuses/stream.json")
    def stream():
        if authenticated_user() is None:
            return unauthorized()
        tweets = list(state.stream_tweets)

        def lines():
            yield b"\r\n"  # a keep-alive: the connection is open, nothing to say yet
            for tweet in tweets:
                time.sleep(state.stream_keepalive)
                yield json.dumps(tweet).encode() + b"\r\n"
                yield b"\r\n"
            deadline = time.monotonic() + state.stream_linger
            while time.monotonic() < deadline:
                time.sleep(state.stream_keepalive)
                yield b"\r\n"

        return Response(lines(), mimetype="application/json")

    @app.post("/oauth/request_token")
    def request_token():
        headers, body, status = request_token_endpoint.create_request_token_response(*oauth_args())
        return Response(body or "", status=status, headers=headers)

    @app.get("/oauth/authorize")
    def authorize():
        # A real provider shows a login and an "Authorize app" button here; the lab's
        # user always says yes, as @timebot.
        try:
            headers, body, status = authorize_endpoint.create_authorization_response(
                request.url, credentials={}
            )
        except oauth_errors.OAuth1Error as exc:
            return Response(exc.urlencoded, status=exc.status_code)
        return Response(body or "", status=status, headers=headers)

    @app.post("/oauth/access_token")
    def access_token():
        headers, body, status = access_token_endpoint.create_access_token_response(*oauth_args())
        return Response(body or "", status=status, headers=headers)

    return app


class QuietHandler(WSGIRequestHandler):
    def log_request(self, code="-", size="-") -> None:
        pass


class TwitterAPI:
    """The fake Twitter in a background thread, for tests and notebooks.

    ``rate_limit``: None, or the number of timeline requests per ``rate_window`` seconds.
    ``clock``: where the rate limiter reads the time (tests pass a fake clock).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        keys: Keys | None = None,
        rate_limit: int | None = None,
        rate_window: float = 900,
        clock: Callable[[], float] = time.time,
        quiet: bool = True,
    ):
        self.state = new_state(keys or Keys(), rate_limit, rate_window, clock)
        self.app = create_app(self.state)
        handler = QuietHandler if quiet else WSGIRequestHandler
        self.server = make_server(host, port, self.app, threaded=True, request_handler=handler)
        self.port = self.server.server_port
        self.url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    keys = property(lambda self: self.state.keys)
    posted = property(lambda self: self.state.posted)
    requests = property(lambda self: self.state.requests)

    def add_mention(self, screen_name: str, text: str) -> dict:
        """A new tweet mentioning the bot; returns it."""
        tweet = make_tweet(self.state.new_id(), screen_name, text)
        with self.state.lock:
            self.state.mentions.append(tweet)
        return tweet

    def requests_to(self, path: str) -> list[Logged]:
        return [entry for entry in self.state.requests if entry.path == path]

    def env(self) -> dict[str, str]:
        """Environment variables pointing a script at this server."""
        keys = self.state.keys
        return {
            "TWITTER_API_BASE": self.url,
            "TWITTER_CONSUMER_KEY": keys.consumer_key,
            "TWITTER_CONSUMER_SECRET": keys.consumer_secret,
            "TWITTER_ACCESS_TOKEN": keys.access_token,
            "TWITTER_ACCESS_SECRET": keys.access_secret,
        }

    def __enter__(self) -> TwitterAPI:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.state.stream_linger = 0
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(5)


def new_state(keys: Keys, rate_limit, rate_window, clock) -> State:
    state = State(keys=keys)
    state.access_tokens[keys.access_token] = (keys.access_secret, ACCOUNT)
    state.mentions = [make_tweet(*seed) for seed in SEED_MENTIONS]
    state.stream_tweets = [make_tweet(*seed) for seed in SEED_STREAM]
    if rate_limit is not None:
        state.limiter = RateLimiter(rate_limit, rate_window, clock)
    return state


def parse_args(argv):
    parser = cli.ArgumentParser(description="A local stand-in for Twitter's v1.1 API.")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument(
        "--rate-limit",
        type=int,
        metavar="N",
        help="allow N timeline requests per 15 minutes, then answer 429 (default: no limit)",
    )
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    args = parser.parse_args(argv)
    if args.rate_limit is not None and args.rate_limit < 0:
        parser.error("--rate-limit must be 0 or more")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    keys = Keys.from_env()
    state = new_state(keys, args.rate_limit, 900, time.time)
    handler = QuietHandler if args.quiet else WSGIRequestHandler
    try:
        httpd = make_server(
            args.host, args.port, create_app(state), threaded=True, request_handler=handler
        )
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    server.stop_on_sigterm()
    try:
        server.announce((args.host, httpd.server_port))
        print("Lab-only keys (export them to use others):", file=sys.stderr)
        for name, value in asdict(keys).items():
            print(f"  TWITTER_{name.upper()}={value}", file=sys.stderr)
        sys.stderr.flush()
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        state.stream_linger = 0
        httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
