"""Exercise 13 (advanced): get an access token with 3-legged OAuth 1.

The world clock uses an access token the lab hands out for the app owner's own account.
To act for *another* account (the book suggests a dedicated @timebot), the app must ask
that user for permission, in three legs:

1. the app gets a temporary *request token*: ``POST /oauth/request_token``, signed
   with the consumer key pair only, naming a callback (``"oob"``: out of band, no
   callback URL; the verifier comes back in the body);
2. the user opens ``/oauth/authorize?oauth_token=…`` and approves; the provider answers
   with an ``oauth_verifier`` (in the redirect to the callback, or the body for oob).
   The lab's provider approves at once, as @timebot;
3. the app trades the request token and the verifier for an *access token*:
   ``POST /oauth/access_token``.

requests-oauthlib's ``OAuth1Session`` does the signing: ``fetch_request_token(url)``,
``authorization_url(url)``, ``parse_authorization_response(url)`` (for a redirect) and
``fetch_access_token(url, verifier=…)``. Pass ``timeout=`` to each request, and set
``session.trust_env = False`` (no proxies on loopback).

Write ``obtain_access_token(api_base, consumer_key, consumer_secret, timeout)``, which
returns the new ``(oauth_token, oauth_token_secret)``; the command line (given) prints
it and checks it with ``verify_credentials``.

Graded (``pytest tests/lab03/test_ex13_oauth_dance.py``): a new token pair, different
from the lab's; ``verify_credentials`` accepts it as @timebot; the three legs in order;
a wrong consumer secret ends in one line on stderr and exit status 1.
"""

from __future__ import annotations

import os
import sys
from urllib.parse import parse_qs  # noqa: F401  (you may need these)

import requests
from requests_oauthlib import OAuth1, OAuth1Session  # noqa: F401

from labkit import cli

DEFAULT_API_BASE = "http://127.0.0.1:8005"
LAB_CONSUMER_KEY = "lab-worldclock-consumer-key"  # the lab's demo app; lab only
LAB_CONSUMER_SECRET = "lab-only-consumer-secret-not-a-real-one"


class DanceError(Exception):
    """One of the three legs failed."""


def obtain_access_token(
    api_base: str, consumer_key: str, consumer_secret: str, timeout: float = 5
) -> tuple[str, str]:
    """Exercise 13: the three legs; returns ``(oauth_token, oauth_token_secret)``."""
    # TODO (exercise 13)
    raise NotImplementedError("exercise 13: write obtain_access_token()")


def verify(api_base, consumer_key, consumer_secret, token, secret, timeout=5) -> str | None:
    """The screen name the token acts for, or None if the API refuses it (given)."""
    auth = OAuth1(consumer_key, consumer_secret, token, secret)
    with requests.Session() as session:
        session.trust_env = False
        response = session.get(
            f"{api_base.rstrip('/')}/1.1/account/verify_credentials.json",
            auth=auth,
            timeout=timeout,
        )
    return response.json()["screen_name"] if response.status_code == 200 else None


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Get an access token with 3-legged OAuth 1.")
    default = os.environ.get("TWITTER_API_BASE") or DEFAULT_API_BASE
    parser.add_argument("--api-base", type=cli.http_url, default=default, metavar="URL")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    key = os.environ.get("TWITTER_CONSUMER_KEY") or LAB_CONSUMER_KEY
    secret = os.environ.get("TWITTER_CONSUMER_SECRET") or LAB_CONSUMER_SECRET
    try:
        token, token_secret = obtain_access_token(args.api_base, key, secret, args.timeout)
        user = verify(args.api_base, key, secret, token, token_secret, args.timeout)
    except (OSError, ValueError, KeyError, DanceError) as exc:
        # requests' errors are OSErrors; requests-oauthlib's refusals are ValueErrors.
        return cli.error(f"the OAuth dance failed: {type(exc).__name__}: {exc}")
    if user is None:
        return cli.error("Credentials validation failed")
    print(f"TWITTER_ACCESS_TOKEN={token}")
    print(f"TWITTER_ACCESS_SECRET={token_secret}")
    print(f"Validated credentials OK: acting as @{user}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
