"""Exercise 14 (reference solution): trace the requests call stack with sys.setprofile."""

from __future__ import annotations

import sys

import requests

from labkit import cli

SHOW = ("Session.", "PreparedRequest.prepare", "HTTPAdapter.", "ConnectionPool.urlopen")


def trace(url: str, timeout: float = 5) -> list[str]:
    """The qualified names of the Python functions called while GETting ``url``."""
    calls: list[str] = []

    def profile(frame, event, arg):
        if event == "call":
            calls.append(frame.f_code.co_qualname)

    with requests.Session() as session:
        session.trust_env = False
        sys.setprofile(profile)
        try:
            session.get(url, timeout=timeout)
        finally:
            sys.setprofile(None)
    return calls


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="List the functions requests calls for one GET.")
    parser.add_argument("url", type=cli.http_url)
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    calls = trace(args.url, args.timeout)
    print(f"{len(calls)} calls; the main ones:")
    for name in calls:
        if name.startswith(SHOW) or name.endswith("getresponse"):
            print(" ", name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
