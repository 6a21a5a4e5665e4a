"""Download a big file with requests in bounded memory, with a progress bar.

Follows doc 002 ("using requests to download large files"), whose code listing is lost;
this is the pattern it describes. ``requests.get(url)`` reads the whole body into
``r.content`` before it returns: a 1 GiB file costs 1 GiB of memory. With
``stream=True`` only the headers are read; the body stays in the socket until you ask
for it, and ``iter_content(chunk_size)`` hands it over one piece at a time, so memory
stays at about one chunk whatever the file's size.

The file is written to ``OUT.part`` and renamed to ``OUT`` only once the whole body has
arrived, so a failed download never leaves a truncated ``OUT`` that looks complete.

Run it against the stream server (``python stream_server.py`` in another terminal)::

    python stream_download.py http://127.0.0.1:8003/bytes/104857600 /tmp/100MiB.bin
    python stream_download.py URL OUT --chunk-size 65536 --quiet

The progress bar (tqdm) goes to stderr, and only when stderr is a terminal: a download
run by a script or a test stays quiet, as does ``--quiet``.

Why 1 MiB chunks by default: each chunk costs a Python-level round trip (urllib3's
``read``, requests' generator, ``file.write``); with 1 KiB chunks those round trips,
not the network, limit the speed. ``bench.py`` measures it against curl.
"""

from __future__ import annotations

import argparse
import os
import sys

import requests
from tqdm import tqdm

from labkit import cli

DEFAULT_CHUNK_SIZE = 1024 * 1024


def download(
    url: str,
    out: str,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    timeout: float = 5.0,
    progress: bool = True,
    session: requests.Session | None = None,
    cafile: str | None = None,
) -> int:
    """Stream ``url`` into ``out`` (via ``out.part``); return the number of bytes written.

    Raises ``requests.RequestException`` for network and HTTP errors and ``OSError``
    when the file cannot be written; in both cases no ``out`` or ``out.part`` is left.
    """
    part = out + ".part"
    http = session or _session(cafile)
    try:
        with http.get(url, stream=True, timeout=timeout) as response:
            response.raise_for_status()
            total = int(response.headers.get("Content-Length", 0)) or None
            bar = tqdm(
                total=total,
                unit="B",
                unit_scale=True,
                unit_divisor=1024,
                disable=None if progress else True,  # None: only on a terminal
                file=sys.stderr,
            )
            written = 0
            with bar, open(part, "wb") as file:
                for chunk in response.iter_content(chunk_size=chunk_size):
                    file.write(chunk)
                    written += len(chunk)
                    bar.update(len(chunk))
        os.replace(part, out)
    except BaseException:
        _remove(part)
        raise
    finally:
        if session is None:
            http.close()
    return written


def _session(cafile: str | None = None) -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxies: the lab's servers are on loopback
    if cafile:
        session.verify = cafile  # trust this CA (the lab's) for https:// URLs
    return session


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def describe(exc: BaseException) -> str:
    """One line for a failure: 'connection refused', 'HTTP 404 Not Found'…"""
    if isinstance(exc, requests.exceptions.SSLError):
        return "the server's certificate is not trusted (give its CA with --cafile)"
    return cli.describe_error(exc)


def chunk_size_type(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of bytes: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def parse_args(argv):
    parser = cli.ArgumentParser(description="Download URL into OUT in bounded memory.")
    parser.add_argument("url", metavar="URL", type=cli.http_url, help="what to download")
    parser.add_argument("out", metavar="OUT", help="the file to write")
    parser.add_argument(
        "--chunk-size",
        type=chunk_size_type,
        default=DEFAULT_CHUNK_SIZE,
        help=f"bytes per iter_content chunk (default: {DEFAULT_CHUNK_SIZE})",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar, even on a terminal")
    parser.add_argument("--cafile", metavar="PEM", help="CA certificate to trust for https://")
    cli.add_timeout(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        size = download(
            args.url,
            args.out,
            chunk_size=args.chunk_size,
            timeout=args.timeout,
            progress=not args.quiet,
            cafile=args.cafile,
        )
    except requests.RequestException as exc:
        return cli.error(f"cannot download {args.url}: {describe(exc)}")
    except OSError as exc:
        return cli.error(f"cannot write {args.out}: {cli.describe_error(exc)}")
    except KeyboardInterrupt:
        return cli.error("interrupted")
    print(f"{args.out}: {size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
