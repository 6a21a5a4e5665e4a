"""Take URLs apart and put them together with urllib.parse.

Follows "URLs" in chapter 2 of the book: split a URL into its parts (``urlparse``),
turn a relative URL into an absolute one (``urljoin``), read a query string
(``parse_qs``), percent-encode paths and queries (``quote``, ``urlencode``) and build a
URL from its parts (``urlunparse``). Nothing here touches the network: these are string
operations, so the book's host names are safe to use. Each example is printed the way
the Python prompt shows it, the expression first, then its value.

Run it::

    python url_tools.py                 # every example
    python url_tools.py join quote      # only some sections
    python url_tools.py --url 'http://127.0.0.1:8002/pypi/pypi?q=spam&q=eggs'

Fixed from the book: ``'../../..../News'`` and ``'../..../News'`` are typos for
``'../../../News'`` and ``'../../News'`` (as printed, ``urljoin`` keeps a path segment
named ``....``); the ``%3Aaction`` in the PyPI query string needs the key ``':action'``;
``quote()`` keeps the slashes of ``'images/users/+Zoot/Dingo+'``, so the result is
``'images/users/%2BZoot/Dingo%2B'``.
"""

from __future__ import annotations

import sys
from urllib.parse import parse_qs, quote, urlencode, urljoin, urlparse, urlunparse

from labkit import cli

#: The port a client connects to when the URL names none.
DEFAULT_PORTS = {"http": 80, "https": 443}


def default_port(url: str) -> int | None:
    """The TCP port a client uses for ``url``: the explicit one, else the scheme's default."""
    parts = urlparse(url)
    return parts.port or DEFAULT_PORTS.get(parts.scheme)


def user_path(username: str) -> str:
    """``/images/users/<username>`` with every reserved character of the name escaped.

    ``quote()`` leaves ``/`` alone by default (it is made for whole paths); a name that
    contains a slash must be quoted on its own with ``safe=''``, then joined.
    """
    return "/".join(["", "images", "users", quote(username, safe="")])


def build_url(scheme: str, netloc: str, path: str, query: dict[str, str]) -> str:
    """A URL from its parts: the path percent-encoded, the query form-encoded."""
    return urlunparse((scheme, netloc, quote(path), "", urlencode(query), ""))


def host_to_ascii(host: str) -> str:
    """A host name as it goes on the wire: non-ASCII labels in IDNA form (``xn--…``).

    Encoding only: no name is looked up. (``socket`` and ``http.client`` do this for
    you; the ``idna`` codec implements IDNA 2003, the ``idna`` package IDNA 2008.)
    """
    return host.encode("idna").decode("ascii")


#: The examples, section by section, as you would type them at the Python prompt.
SECTIONS: dict[str, tuple[str, list[str]]] = {
    "parse": (
        "Splitting a URL: urlparse",
        [
            "urlparse('http://www.python.org/dev/peps')",
            "urlparse('http://www.python.org/dev/peps').netloc",
            "urlparse('http://www.python.org/dev/peps').path",
            "urlparse('http://www.python.org:8080/')",
            "urlparse('http://www.python.org:8080/').port",
            "default_port('http://www.python.org/')",
            "default_port('https://www.python.org/')",
            "urlparse('../images/tux.png')",
        ],
    ),
    "join": (
        "Relative URLs: urljoin",
        [
            "urljoin('http://www.debian.org', 'intro/about')",
            "urljoin('http://www.debian.org/intro/', 'about')",
            "urljoin('http://www.debian.org/intro', 'about')",
            "urljoin('http://www.debian.org/intro/about', '/News')",
            "urljoin('http://www.debian.org/intro/about/', '../News')",
            "urljoin('http://www.debian.org/intro/about/', '../../../News')",
            "urljoin('http://www.debian.org/intro/about', '../../News')",
            "urljoin('http://www.debian.org/intro/about/', '../../..../News')",
            "urljoin('http://www.debian.org/about', 'http://www.python.org')",
        ],
    ),
    "query": (
        "Query strings: parse_qs",
        [
            "urlparse('http://docs.python.org/3/search.html?q=urlparse&area=default').query",
            "parse_qs('q=urlparse&area=default')",
            "parse_qs('q=urlparse&q=urljoin')",
        ],
    ),
    "quote": (
        "Percent-encoding: quote",
        [
            "quote('A duck?')",
            "quote('/images/users/+Zoot+/')",
            "quote('images/users/+Zoot/Dingo+')",
            "quote('+Zoot/Dingo+', safe='')",
            "user_path('+Zoot/Dingo+')",
        ],
    ),
    "build": (
        "Building a URL: urlencode and urlunparse",
        [
            "path_enc = quote('pypi')",
            "term = 'Are you quite sure this is a cheese shop?'",
            "query_dict = {':action': 'search', 'term': term}",
            "query_enc = urlencode(query_dict)",
            "query_enc",
            "urlunparse(('http', 'pypi.python.org', path_enc, '', query_enc, ''))",
            "build_url('https', 'pypi.python.org', '/pypi', {':action': 'search', 'term': 'spam'})",
        ],
    ),
    "idna": (
        "Non-ASCII host names: IDNA (encoding only, no lookup)",
        [
            "'bücher.example'.encode('idna')",
            "host_to_ascii('bücher.example')",
            "urlparse('http://bücher.example/katalog').hostname",
        ],
    ),
}

#: What the examples may use.
NAMESPACE = {
    "urlparse": urlparse,
    "urljoin": urljoin,
    "parse_qs": parse_qs,
    "quote": quote,
    "urlencode": urlencode,
    "urlunparse": urlunparse,
    "default_port": default_port,
    "user_path": user_path,
    "build_url": build_url,
    "host_to_ascii": host_to_ascii,
}


def run_example(line: str, namespace: dict) -> str:
    """``>>> line`` and, for an expression, the repr of its value, as the prompt shows them.

    An assignment (``x = …``) prints nothing, as at the prompt; what it assigns stays in
    ``namespace`` for the next lines of the section.
    """
    try:
        code = compile(line, "<example>", "eval")
    except SyntaxError:  # a statement, such as an assignment
        exec(line, namespace)  # only the fixed examples above
        return f">>> {line}"
    value = eval(code, namespace)
    return f">>> {line}\n{value!r}"


def run_section(name: str) -> str:
    """A section's title and its examples, run in a fresh namespace."""
    title, lines = SECTIONS[name]
    namespace = dict(NAMESPACE)
    return "\n".join([f"# {title}", *(run_example(line, namespace) for line in lines)])


def describe(url: str) -> str:
    """The parts of any URL, with the default port filled in and the query decoded."""
    parts = urlparse(url)
    return "\n".join(
        [
            f"scheme:   {parts.scheme!r}",
            f"netloc:   {parts.netloc!r}",
            f"hostname: {parts.hostname!r}",
            f"port:     {default_port(url)!r}",
            f"path:     {parts.path!r}",
            f"query:    {parse_qs(parts.query)!r}",
            f"fragment: {parts.fragment!r}",
        ]
    )


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="The book's urllib.parse examples, run.")
    parser.add_argument(
        "sections",
        nargs="*",
        metavar="SECTION",
        help=f"which examples to show: {', '.join(SECTIONS)} (default: all)",
    )
    parser.add_argument("--url", help="describe this URL instead of showing the examples")
    args = parser.parse_args(argv)
    unknown = [name for name in args.sections if name not in SECTIONS]
    if unknown:
        parser.error(f"unknown section {unknown[0]!r} (choose from {', '.join(SECTIONS)})")
    if args.url is not None:
        try:
            return cli.print_output(describe(args.url))
        except ValueError as exc:  # e.g. a port that is not a number
            parser.error(f"bad URL {args.url!r}: {exc}")
    blocks = [run_section(name) for name in args.sections or SECTIONS]
    return cli.print_output("\n\n".join(blocks))


if __name__ == "__main__":
    sys.exit(main())
