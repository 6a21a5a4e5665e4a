"""Explore an HTML page with lxml: children, the title, and the book's XPath queries.

Follows "Parsing HTML with lxml", "Zeroing in" and "Searching with XPath" in chapter 3
of the book, which types these lines into a Python shell against
https://www.debian.org/releases/stable. Here they run against the lab's copy of that
page (``python site_server.py`` in another terminal)::

    python scrape_explore.py
    python scrape_explore.py --url http://127.0.0.1:8006/variants/extra-div/

Each query is printed with what it found: ``div#content`` is a ``<div id="content">``.
Watch the brittle ``find`` chain (the second div of the body) and the XPath anchored on
the id give different answers on the extra-div variant. Also note: the parser gets
``response.content`` (bytes), not ``response.text``; and the book's
``root.xpath('body/div[2]'):`` has a stray colon, a SyntaxError in a real shell.
"""

from __future__ import annotations

import sys

import requests
from lxml.etree import HTML

from labkit import cli, config

# (where to start, the XPath expression) as the book tries them, in order.
QUERIES = [
    ("root", "body"),
    ("root", "body/div"),
    ("root", "//h1"),
    ("head", ".//h1"),
    ("root", '//div[@id="content"]'),
    ("root", "//div[h1]"),
    ("root", "body/div[2]"),
]


def label(element) -> str:
    """``div#content`` for ``<div id="content">``, plain ``h1`` without an id."""
    ident = element.get("id")
    return f"{element.tag}#{ident}" if ident else element.tag


def explore(content: bytes) -> list[str]:
    """The lines the script prints for a page's bytes."""
    root = HTML(content)
    head = root.find("head")
    lines = [
        f"[e.tag for e in root] -> {[e.tag for e in root]}",
        f"title -> {head.find('title').text!r}",
    ]
    brittle = root.find("body").findall("div")
    if len(brittle) > 1:
        paragraph = brittle[1].find("p")
        first_words = " ".join("".join(paragraph.itertext()).split()[:3])
        lines.append(f"body's 2nd div, its first p -> {first_words!r}")
    for start, query in QUERIES:
        context = head if start == "head" else root
        found = [label(element) for element in context.xpath(query)]
        lines.append(f"{start}.xpath({query!r}) -> {found}")
    return lines


def parse_args(argv):
    parser = cli.ArgumentParser(description="Explore a page with lxml and XPath.")
    default = config.setting("debian_release_url")
    parser.add_argument(
        "--url",
        type=cli.http_url,
        default=default,
        help=f"the page (default: {default}; env DEBIAN_RELEASE_URL)",
    )
    cli.add_timeout(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        with requests.Session() as session:
            session.trust_env = False
            response = session.get(args.url, timeout=args.timeout)
            response.raise_for_status()
    except requests.HTTPError as exc:
        return cli.error(f"HTTP {exc.response.status_code} for {args.url}")
    except requests.ConnectionError:
        return cli.error(f"cannot connect to {args.url} (is site_server.py running?)")
    except requests.RequestException as exc:
        return cli.error(f"cannot fetch {args.url}: {exc}")
    try:
        lines = explore(response.content)
    except (AttributeError, TypeError):
        return cli.error(f"{args.url} is not an HTML page with a head and a body")
    return cli.print_output("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
