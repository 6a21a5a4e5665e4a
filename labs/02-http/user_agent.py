"""The User-Agent header: what urllib calls itself, and how to pretend to be a browser.

Follows "User agents" in chapter 2 of the book. Every HTTP client names itself in the
``User-Agent`` request header; urllib sends ``Python-urllib/3.x``. Some sites treat
clients differently by that name, so the book "spoofs" it: it sets the header to a
browser's string (the book's was Iceweasel 24, Debian's Firefox of 2014).

Both requests go to the lab web app's ``/headers`` page, which answers with the request
headers it received, so you see what the server saw, not only what we think we sent.

Run it (with ``python lab_web.py`` in another terminal)::

    python user_agent.py
    python user_agent.py --user-agent 'lab-client/1.0'

To copy a real browser's string, capture one of its requests: see "Inspect it" in the
README.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import urllib.error
import urllib.request

from labkit import cli

SERVER_HINT = "is the lab's web app running? start it with: python lab_web.py"
BOOK_BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64; rv:24.0) Gecko/20140722 Firefox/24.0 Iceweasel/24.7.0"
)


def header_value(text: str) -> str:
    """argparse type: a header value (printable ASCII, no line breaks)."""
    if not text or not text.isascii() or not text.isprintable():
        raise argparse.ArgumentTypeError(f"not a valid header value: {text!r}")
    return text


def send(url: str, timeout: float, user_agent: str | None = None) -> tuple[str, str]:
    """GET ``url`` (the /headers page); returns (User-agent in the Request, what the server saw)."""
    request = urllib.request.Request(url)
    if user_agent is not None:
        request.add_header("User-Agent", user_agent)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxies
    with opener.open(request, timeout=timeout) as response:
        try:
            seen = json.load(response)["headers"].get("User-Agent", "(none)")
        except (ValueError, KeyError, TypeError, AttributeError):
            raise ValueError(f"{url} did not answer with lab_web.py's JSON of headers") from None
    # urllib capitalises only the first letter of header names it stores.
    return request.get_header("User-agent"), seen


def parse_args(argv):
    parser = cli.ArgumentParser(description="Show urllib's User-Agent, then a spoofed one.")
    cli.add_base_url(parser, "web_base_url")
    parser.add_argument(
        "--user-agent",
        type=header_value,
        default=BOOK_BROWSER,
        help="the string to send the second time (default: the book's Iceweasel 24)",
    )
    cli.add_timeout(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    url = args.base_url.rstrip("/") + "/headers"
    try:
        default, default_seen = send(url, args.timeout)
        spoofed, spoofed_seen = send(url, args.timeout, args.user_agent)
    except urllib.error.HTTPError as exc:
        exc.close()
        return cli.error(f"{cli.describe_error(exc)} for {url}")
    except (OSError, http.client.HTTPException) as exc:
        reason = cli.with_hint(cli.describe_error(exc), SERVER_HINT)
        return cli.error(f"cannot fetch {url}: {reason}")
    except ValueError as exc:
        return cli.error(str(exc))
    return cli.print_output(
        "\n".join(
            [
                f"urllib's User-Agent: {default}",
                f"  the server saw:    {default_seen}",
                f"spoofed User-Agent:  {spoofed}",
                f"  the server saw:    {spoofed_seen}",
            ]
        )
    )


if __name__ == "__main__":
    sys.exit(main())
