"""Exercise 6 (reference solution): scrape a search form and submit it.

``find_form.py`` reads a form; ``post_form.py`` and ``requests_post.py`` submit one
whose fields we typed in by hand. Put the two together the way a browser does: fetch
the page, find its form, fill the text box, keep the hidden fields as they are, and
send everything to the form's action with the form's method.

Try it with ``python ../lab_web.py`` running in another terminal::

    python form_submit.py http://127.0.0.1:8002/debian/search Python
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests

from labkit import cli

#: Input types a user types into; the query goes in the first of them.
TEXT_TYPES = {"text", "search"}
#: Buttons: a browser sends one only when it is the one clicked.
BUTTONS = {"submit", "reset", "button", "image"}


class FirstForm(HTMLParser):
    """Finds the first ``<form>`` of a page: its attributes and its inputs' attributes."""

    def __init__(self):
        super().__init__()
        self.form: dict[str, str] | None = None
        self.inputs: list[dict[str, str]] = []
        self._inside = False
        self._done = False

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form" and not self._done:
            self.form, self._inside = attrs, True
        elif tag == "input" and self._inside:
            self.inputs.append(attrs)

    def handle_endtag(self, tag):
        if tag == "form" and self._inside:
            self._inside, self._done = False, True


def fill(inputs: list[dict[str, str]], query: str) -> dict[str, str]:
    """The fields to send: ``query`` in the first text box, other fields as they are."""
    fields: dict[str, str] = {}
    filled = False
    for attrs in inputs:
        kind = attrs.get("type", "text").lower()
        name = attrs.get("name")
        if not name or kind in BUTTONS:
            continue
        if kind in TEXT_TYPES and not filled:
            fields[name], filled = query, True
        else:
            fields[name] = attrs.get("value", "")
    if not filled:
        raise ValueError("the form has no text field to put the query in")
    return fields


def submit_search(page_url: str, query: str, timeout: float = 5) -> str:
    """Fill the first form of ``page_url`` with ``query``, submit it, return the result page."""
    with requests.Session() as session:
        session.trust_env = False  # no proxies
        page = session.get(page_url, timeout=timeout)
        page.raise_for_status()
        parser = FirstForm()
        parser.feed(page.text)
        parser.close()
        if parser.form is None:
            raise ValueError(f"no <form> in {page_url}")
        action = urljoin(page.url, parser.form.get("action", ""))
        method = (parser.form.get("method") or "get").lower()
        fields = fill(parser.inputs, query)
        if method == "post":
            result = session.post(action, data=fields, timeout=timeout)
        else:
            result = session.get(action, params=fields, timeout=timeout)
        result.raise_for_status()
        return result.text


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Fill a page's search form and submit it.")
    parser.add_argument("page_url", type=cli.http_url, help="the page with the form")
    parser.add_argument("query", help="what to type in the search box")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    try:
        html = submit_search(args.page_url, args.query, timeout=args.timeout)
    except ValueError as exc:
        return cli.error(str(exc))
    except requests.HTTPError as exc:
        return cli.error(str(exc))
    except requests.Timeout:
        return cli.error(f"no answer within {args.timeout:g} s")
    except requests.ConnectionError:
        return cli.error(f"cannot connect to {args.page_url}")
    except requests.RequestException as exc:
        return cli.error(f"{type(exc).__name__}: {exc}")
    return cli.print_output(html.rstrip("\n"))


if __name__ == "__main__":
    sys.exit(main())
