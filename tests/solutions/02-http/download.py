"""Exercises 7 and 8: a bounded-memory download with progress, and resuming it.

Reference solution.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys

import requests

from labkit import cli

READ_SIZE = 1024 * 1024  # for hashing the part of the file we already have


def _session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxies: the lab's servers are on loopback
    return session


def _save(response, part: str, mode: str, digest, chunk_size: int, progress, start: int):
    """Write the body of ``response`` to ``part`` (mode "wb" or "ab"), hashing it."""
    length = response.headers.get("Content-Length")
    total = start + int(length) if length is not None else None
    done = start
    if progress:
        progress(done, total)
    with open(part, mode) as file:
        for chunk in response.iter_content(chunk_size=chunk_size):
            file.write(chunk)
            digest.update(chunk)
            done += len(chunk)
            if progress:
                progress(done, total)


def download(url: str, dest: str, *, chunk_size: int = 65536, progress=None, timeout=5) -> str:
    """Exercise 7: stream ``url`` into ``dest`` (via ``dest + '.part'``); return its SHA-256."""
    part = dest + ".part"
    digest = hashlib.sha256()
    with _session() as session, session.get(url, stream=True, timeout=timeout) as response:
        response.raise_for_status()  # before the .part file exists
        _save(response, part, "wb", digest, chunk_size, progress, 0)
    os.replace(part, dest)
    return digest.hexdigest()


def _hash_file(path: str, digest) -> None:
    with open(path, "rb") as file:
        while block := file.read(READ_SIZE):
            digest.update(block)


def resume(url: str, dest: str, *, timeout=5) -> str:
    """Exercise 8: continue ``dest + '.part'`` with a Range request; return the SHA-256."""
    part = dest + ".part"
    have = os.path.getsize(part) if os.path.exists(part) else 0
    if have == 0:
        return download(url, dest, timeout=timeout)
    headers = {"Range": f"bytes={have}-"}
    digest = hashlib.sha256()
    with (
        _session() as session,
        session.get(url, headers=headers, stream=True, timeout=timeout) as response,
    ):
        if response.status_code == 416:
            # Nothing left to send: either the part is already complete or it is junk.
            match = re.fullmatch(r"bytes \*/(\d+)", response.headers.get("Content-Range", ""))
            if match and int(match.group(1)) == have:
                _hash_file(part, digest)
                os.replace(part, dest)
                return digest.hexdigest()
            os.remove(part)
            return download(url, dest, timeout=timeout)
        response.raise_for_status()
        if response.status_code == 206:
            content_range = response.headers.get("Content-Range", "")
            if not re.fullmatch(rf"bytes {have}-\d+/(\d+|\*)", content_range):
                raise ValueError(f"asked for bytes {have}-, got Content-Range {content_range!r}")
            _hash_file(part, digest)
            _save(response, part, "ab", digest, 65536, None, have)
        else:  # 200: the server ignored Range and sends everything again
            _save(response, part, "wb", digest, 65536, None, 0)
    os.replace(part, dest)
    return digest.hexdigest()


def print_progress(done: int, total: int | None) -> None:
    if total:
        print(f"\r{done * 100 // total:3d} %  {done}/{total} bytes", end="", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = cli.ArgumentParser(description="Download URL into DEST; print its SHA-256.")
    parser.add_argument("url", metavar="URL", type=cli.http_url)
    parser.add_argument("dest", metavar="DEST")
    parser.add_argument("--resume", action="store_true", help="continue DEST.part")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    try:
        if args.resume:
            sha256 = resume(args.url, args.dest, timeout=args.timeout)
        else:
            sha256 = download(args.url, args.dest, progress=print_progress, timeout=args.timeout)
    except requests.RequestException as exc:
        return cli.error(f"cannot download {args.url}: {exc}")
    except (OSError, ValueError) as exc:
        return cli.error(str(exc))
    print(file=sys.stderr)
    print(f"{sha256}  {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
