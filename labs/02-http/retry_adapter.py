"""Retries with a transport adapter: requests hands them to urllib3.

Cory Benfield's talk (doc 001) describes transport adapters as the place where a
Session decides *how* to talk to a host; the "Understanding requests" article (doc 000)
follows ``Session.send`` into ``HTTPAdapter.send`` and on into urllib3. By default an
adapter never retries. Mount one with a urllib3 ``Retry`` policy and urllib3 resends a
request itself when the connection fails or the answer is a 502, 503 or 504, waiting a
little longer each time (``backoff_factor``): 0 s, then 0.2 s, then 0.4 s here.

Only idempotent requests should be repeated blindly: ``allowed_methods={"GET"}`` keeps a
POST (which might have been acted on) from being sent twice. (urllib3 1.x called that
parameter ``method_whitelist``; urllib3 2 removed the old name.)

The retries happen below requests, so the caller sees one response. urllib3 keeps the
record: ``response.raw.retries.history`` lists every attempt that was retried. This
script prints it. Against the lab's web app (``python lab_web.py``)::

    python retry_adapter.py http://127.0.0.1:8002/status/200   # one attempt
    python retry_adapter.py http://127.0.0.1:8002/status/503   # four, then it gives up

When the retries run out, the last answer is still an error: one line on stderr and
exit status 1.
"""

from __future__ import annotations

import sys

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

from labkit import cli

RETRY_STATUSES = (502, 503, 504)


def make_session(retries: int = 3, backoff: float = 0.1) -> requests.Session:
    """A Session whose http:// and https:// adapters retry GETs ``retries`` times."""
    policy = Retry(
        total=retries,
        backoff_factor=backoff,
        status_forcelist=RETRY_STATUSES,
        allowed_methods={"GET"},
        # Give back the last response when the retries run out, instead of raising
        # RetryError: then the caller still sees the final status and the history.
        raise_on_status=False,
    )
    session = requests.Session()
    session.trust_env = False  # no proxies: the lab's servers are on loopback
    adapter = HTTPAdapter(max_retries=policy)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def attempts(response: requests.Response) -> list[str]:
    """One line per attempt: the retried ones from urllib3's history, then the last."""
    lines = []
    history = response.raw.retries.history if response.raw.retries else ()
    for number, entry in enumerate(history, start=1):
        outcome = entry.status if entry.status is not None else type(entry.error).__name__
        lines.append(f"attempt {number}: {outcome} (retrying)")
    lines.append(f"attempt {len(history) + 1}: {response.status_code} {response.reason}")
    return lines


def parse_args(argv):
    parser = cli.ArgumentParser(description="GET a URL through an adapter that retries.")
    parser.add_argument("url", type=cli.http_url, help="http:// or https:// URL")
    parser.add_argument(
        "--retries", type=int, default=3, help="how many times to retry (default: 3)"
    )
    parser.add_argument(
        "--backoff", type=float, default=0.1, help="backoff factor in seconds (default: 0.1)"
    )
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    if args.retries < 0 or args.backoff < 0:
        parser.error("--retries and --backoff cannot be negative")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    print(f"GET {args.url}", flush=True)
    try:
        with make_session(args.retries, args.backoff) as session:
            response = session.get(args.url, timeout=args.timeout)
    except requests.exceptions.RequestException as exc:
        return cli.error(f"cannot fetch {args.url}: {describe(exc)}")
    for line in attempts(response):
        print(line, flush=True)
    if not response.ok:
        tries = len(attempts(response))
        after = f" after {tries} attempts" if tries > 1 else ""
        return cli.error(f"HTTP {response.status_code} {response.reason}{after}")
    return 0


def describe(exc: requests.exceptions.RequestException) -> str:
    """What went wrong, after the adapter's retries, in a few words."""
    # When retries run out, urllib3 raises MaxRetryError with the last error as .reason,
    # and requests wraps it: a read timeout arrives as a ConnectionError, not ReadTimeout.
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "connect timed out (every attempt)"
    if isinstance(exc, requests.exceptions.Timeout) or isinstance(reason, ReadTimeoutError):
        return "timed out waiting for the answer (every attempt)"
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS failed"
    if "refused" in str(exc).lower():
        return "connection refused (every attempt)"
    return type(reason or exc).__name__


if __name__ == "__main__":
    sys.exit(main())
