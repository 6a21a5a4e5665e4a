"""Play the CSRF game against the stage-3 app: a forged POST, a real one, a replay.

Book: chapter 9, "A note on security" (CSRF).

A browser-like client (a ``requests.Session`` keeps the session cookie) fetches a
docstring page, reads the hidden ``_csrf_token`` out of its form, then posts a note
three times: without the token, as a forged form on another site would; with it, as
the real form does; and with the same token again, as someone replaying a captured
request would. The app answers 403, 200, 403.

    python tinyflaskapp_style.py --port 8011        # in another terminal
    python csrf_check.py --base-url http://127.0.0.1:8011/
"""

from __future__ import annotations

import re
import sys

import requests

from labkit import cli

TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')


def fetch_token(session: requests.Session, page_url: str, timeout: float) -> str:
    response = session.get(page_url, timeout=timeout)
    response.raise_for_status()
    match = TOKEN.search(response.text)
    if not match:
        raise ValueError(f"no _csrf_token field in the form at {page_url}")
    return match.group(1)


def play(base_url: str, name: str, timeout: float) -> list[tuple[str, int]]:
    """(what was sent, HTTP status) for the three POSTs."""
    page_url = f"{base_url.rstrip('/')}/functions/{name}"
    post_url = page_url + "/notes"
    results = []
    with requests.Session() as session:
        session.trust_env = False  # loopback only: no proxy
        fetch_token(session, page_url, timeout)  # the session cookie now holds a token
        forged = session.post(post_url, data={"note": "forged"}, timeout=timeout)
        results.append(("POST without the token", forged.status_code))
        token = fetch_token(session, page_url, timeout)  # the failed check spent the old one
        data = {"note": "hello from csrf_check", "_csrf_token": token}
        results.append(
            ("POST with the token", session.post(post_url, data=data, timeout=timeout).status_code)
        )
        results.append(
            ("POST replayed", session.post(post_url, data=data, timeout=timeout).status_code)
        )
    return results


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Send a forged, a real and a replayed form POST.")
    parser.add_argument(
        "--base-url", type=cli.http_url, default="http://127.0.0.1:8011/", help="the app's URL"
    )
    parser.add_argument("--name", default="len", help="the builtin whose page has the form")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    try:
        results = play(args.base_url, args.name, args.timeout)
    except requests.HTTPError as exc:
        return cli.error(f"HTTP {exc.response.status_code} for {exc.response.url}")
    except requests.ConnectionError:
        return cli.error(cli.with_hint("connection refused", "start tinyflaskapp_style.py first"))
    except requests.Timeout:
        return cli.error("timed out")
    except ValueError as exc:
        return cli.error(str(exc))
    for what, status in results:
        print(f"{what:<24} -> {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
