"""Exercise 9: iterate over a chunked body chunk by chunk, boundaries preserved.

Reference solution: urllib3's public chunk parser, ``r.raw.read_chunked()``.
"""

from __future__ import annotations

import sys

import requests

from labkit import cli


def iter_chunks(url: str, timeout: float = 5):
    """Yield the data of each chunk of ``url``'s chunked body, as the server sends it."""
    with requests.Session() as session:
        session.trust_env = False  # no proxies: the server is on loopback
        headers = {"Accept-Encoding": "identity"}  # decoding would reshape the chunks
        with session.get(url, headers=headers, stream=True, timeout=timeout) as response:
            response.raise_for_status()
            if not response.raw.chunked:
                raise ValueError("the body is not chunked")
            yield from response.raw.read_chunked()


def main(argv: list[str] | None = None) -> int:
    parser = cli.ArgumentParser(description="Print each chunk of URL's chunked body.")
    parser.add_argument("url", metavar="URL", type=cli.http_url)
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    try:
        for chunk in iter_chunks(args.url, args.timeout):
            print(f"{len(chunk):6d} bytes  {chunk[:40]!r}", flush=True)
    except (requests.RequestException, OSError, ValueError) as exc:
        return cli.error(f"cannot read {args.url}: {exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
