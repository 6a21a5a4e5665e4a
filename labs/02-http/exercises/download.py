"""Exercises 7 and 8: a bounded-memory download with progress, and resuming it.

Exercise 7, :func:`download`. ``requests.get(url).content`` holds the whole body in
memory; a 256 MiB file would cost 256 MiB. Stream it instead (see
``stream_download.py``):

- ``requests.get(url, stream=True, timeout=timeout)`` (or a Session's ``get``), used as
  a context manager so the connection is released;
- ``raise_for_status()`` first: a 404 raises ``requests.HTTPError`` and must leave
  neither ``dest`` nor ``dest + '.part'`` behind;
- write each ``iter_content(chunk_size)`` piece to ``dest + '.part'``, feed it to a
  ``hashlib.sha256()`` as it goes by, and rename the ``.part`` file to ``dest``
  (``os.replace``) only when the body is complete;
- if ``progress`` is given, call ``progress(done, total)`` as bytes arrive: ``done`` is
  the byte count so far (never decreasing), ``total`` the ``Content-Length`` (``None``
  if the server sent none); the last call has ``done == total``. The command line below
  passes a function that prints a percentage; a tqdm bar works too.

Return the SHA-256 of the body as a hex string.

Exercise 8, :func:`resume`. A download that broke off left ``dest + '.part'`` with the
first N bytes. Ask only for the rest: send ``Range: bytes=N-``. A server that supports
ranges answers ``206 Partial Content`` with ``Content-Range: bytes N-LAST/TOTAL``: check
that it starts at N, append the body to the ``.part`` file, rename it. A server that
ignores ``Range`` answers ``200`` with the whole body: start the file again from
scratch. Return the SHA-256 of the complete file (hash the bytes you already have, then
the new ones). With no ``.part`` file (or an empty one), just :func:`download`.

Graded (``pytest tests/lab02/test_ex07_download.py tests/lab02/test_ex08_resume.py``),
against ``stream_server.py``'s ``/bytes/N?seed=S``: exercise 7: the SHA-256 of a
256 MiB body is right and the download's memory peak (``tracemalloc``) stays under
16 MiB; progress is monotonic and reaches the total; the ``.part`` file is renamed; a
404 raises ``requests.HTTPError`` and leaves no file. Exercise 8: the final hash is
right, the server saw ``Range: bytes=N-`` with the right N and sent only the
remaining bytes; a server that ignores ``Range`` still gives the right file.

Try it (with ``python stream_server.py`` running)::

    python download.py http://127.0.0.1:8003/bytes/104857600?seed=1 /tmp/big.bin
    python download.py http://127.0.0.1:8003/bytes/104857600?seed=1 /tmp/big.bin --resume
"""

from __future__ import annotations

import sys

import requests

from labkit import cli


def download(url: str, dest: str, *, chunk_size: int = 65536, progress=None, timeout=5) -> str:
    """Exercise 7: stream ``url`` into ``dest`` (via ``dest + '.part'``); return its SHA-256."""
    # TODO (exercise 7): stream=True, raise_for_status, iter_content into the .part file,
    # hash as you go, call progress(done, total), os.replace the .part file at the end.
    raise NotImplementedError("exercise 7: write download()")


def resume(url: str, dest: str, *, timeout=5) -> str:
    """Exercise 8: continue ``dest + '.part'`` with a Range request; return the SHA-256."""
    # TODO (exercise 8): Range: bytes=N-; 206 -> append; 200 -> start again.
    raise NotImplementedError("exercise 8: write resume()")


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
