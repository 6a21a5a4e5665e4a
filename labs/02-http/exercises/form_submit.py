"""Exercise 6: scrape a search form and submit it.

``find_form.py`` reads a form, and ``post_form.py`` / ``requests_post.py`` submit one
whose URL and fields we copied by hand. Do both at once, the way a browser does when
you type in a search box and press Enter. Write :func:`submit_search`:

1. GET ``page_url`` (with ``timeout=timeout``; ignore proxies with a
   ``requests.Session`` whose ``trust_env`` is ``False``).
2. Find the page's first ``<form>`` and the ``<input>`` tags inside it. Use
   ``html.parser.HTMLParser`` from the standard library (as ``find_form.py`` does; write
   your own parser, do not import that script) or ``lxml.html``. A page without a form
   raises ``ValueError``.
3. Build the fields to send, in the order of the page: put ``query`` in the first
   text box (an input of type ``text`` or ``search``; an input without a ``type`` is
   a text box too); keep every other named input, such as the hidden ``DB``, with its
   ``value`` (``""`` when it has none); leave out inputs without a ``name`` and buttons
   (types ``submit``, ``reset``, ``button``, ``image``). A form without a text box
   raises ``ValueError``.
4. Resolve the form's ``action`` against the page's URL with ``urljoin`` (no action:
   the page itself) and submit with the form's ``method`` (``get`` when missing; the
   attribute may be upper case): GET puts the fields in the query string
   (``params=``), POST sends them form-encoded in the body (``data=``).
5. Return the result page as text. An HTTP error status raises
   (``raise_for_status()``).

For the lab's ``/debian/search`` page and the query ``Python``, the search server
must receive ``GET /search/cgi-bin/omega?DB=en&P=Python`` and answer a page that
contains ``Results for Python``.

Try it with ``python ../lab_web.py`` running in another terminal::

    python form_submit.py http://127.0.0.1:8002/debian/search Python

Graded (``pytest tests/lab02/test_ex06_form_submit.py``): the search server received
exactly ``DB=en&P=Python``; the returned page contains ``Results for Python``; a page
without a form raises ``ValueError``; a form with ``method="post"`` and a relative
action is submitted as a POST with the fields in the body.
"""

from __future__ import annotations

import sys

import requests

from labkit import cli


def submit_search(page_url: str, query: str, timeout: float = 5) -> str:
    """Fill the first form of ``page_url`` with ``query``, submit it, return the result page."""
    # TODO (exercise 6): fetch, parse the form, fill it, submit it with its method.
    raise NotImplementedError("exercise 6: write submit_search()")


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
