"""Find what a form submits: its action URL, its method and its fields.

Follows "Formal inspection" in chapter 2 of the book. Before a program can submit a
form (``post_form.py``), someone has to read the page's HTML: the ``<form>`` tag's
``action`` says where the data goes and ``method`` how (GET puts it in the query
string, POST in the body); each named ``<input>`` inside it is one field. The book does
this by eye, with the browser's "Inspect Element"; this script does it with the
standard library's ``html.parser``, which calls a method for every tag it meets.

The ``action`` is often relative (``/search/cgi-bin/omega``): ``urljoin`` with the URL
of the page makes it absolute. The page comes from the lab's web app, at
``/debian/search`` (start it with ``python lab_web.py`` in another terminal).

Run it::

    python find_form.py
    python find_form.py --path /login
"""

from __future__ import annotations

import http.client
import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin

from labkit import cli

HINT = "is the lab's web app running? start it with: python lab_web.py"

#: Inputs that are buttons: a browser sends one only when it is the button clicked.
BUTTONS = {"submit", "reset", "button", "image"}


class FormParser(HTMLParser):
    """Collects every ``<form>`` of a page with the ``<input>`` tags inside it.

    ``forms`` is a list of dicts: ``attrs`` (the form tag's attributes) and ``inputs``
    (the attributes of each input tag, in order).
    """

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}  # <input disabled>: value None
        if tag == "form":
            self.forms.append({"attrs": attrs, "inputs": []})
            self._in_form = True
        elif tag == "input" and self._in_form:
            self.forms[-1]["inputs"].append(attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False


def form_fields(inputs: list[dict[str, str]]) -> dict[str, str]:
    """The fields a browser would send before anything is typed: ``{name: value}``."""
    fields = {}
    for attrs in inputs:
        kind = attrs.get("type", "text").lower()
        name = attrs.get("name")
        if not name or kind in BUTTONS:
            continue
        if kind in ("checkbox", "radio") and "checked" not in attrs:
            continue
        fields[name] = attrs.get("value", "")
    return fields


def find_form(html: str, page_url: str) -> tuple[str, str, dict[str, str]]:
    """The first form of ``html``: (absolute action URL, method, fields).

    The method is lower case, ``'get'`` when the form names none; a form without an
    action submits to the page itself. Raises ``ValueError`` when the page has no form.
    """
    parser = FormParser()
    parser.feed(html)
    parser.close()
    if not parser.forms:
        raise ValueError(f"no <form> in {page_url}")
    form = parser.forms[0]
    action = urljoin(page_url, form["attrs"].get("action", ""))
    method = form["attrs"].get("method", "get").lower() or "get"
    return action, method, form_fields(form["inputs"])


def fetch(url: str, timeout: float) -> str:
    """GET ``url`` and return the page as text (its declared charset, else UTF-8)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxies
    with opener.open(url, timeout=timeout) as response:
        charset = response.headers.get_content_charset() or "utf-8"
        return response.read().decode(charset, errors="replace")


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Find the first form of a page and what it sends.")
    cli.add_base_url(parser, "web_base_url")
    parser.add_argument(
        "--path", default="/debian/search", help="the page with the form (default: /debian/search)"
    )
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    url = args.base_url.rstrip("/") + "/" + args.path.lstrip("/")
    try:
        action, method, fields = find_form(fetch(url, args.timeout), url)
    except urllib.error.HTTPError as exc:
        exc.close()
        return cli.error(f"{cli.describe_error(exc)} for {url}")
    except (OSError, http.client.HTTPException) as exc:
        return cli.error(f"cannot fetch {url}: {cli.with_hint(cli.describe_error(exc), HINT)}")
    except ValueError as exc:
        return cli.error(str(exc))
    lines = [f"page:   {url}", f"action: {action}", f"method: {method}", f"fields: {fields}"]
    return cli.print_output("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
