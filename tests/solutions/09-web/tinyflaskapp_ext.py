"""Exercise 1: extend the docstrings app with a JSON API, a search page and a 404 page.

Start from the stage-1 app below (its two routes work already) and add:

``GET /api/functions/<name>``
    JSON ``{"name": "len", "doc": "..."}`` for a builtin (the name is
    case-insensitive, the JSON ``name`` is lowercase); for an unknown name, status 404
    with a JSON body ``{"error": "not found", "name": "<the name as asked>"}``, never
    Flask's HTML error page. Hint: ``return {...}, 404`` returns JSON with a status.
``GET /search?q=TEXT``
    an HTML page that repeats the query (escaped!) in ``<h1>Search: TEXT</h1>`` and
    lists each builtin whose name contains ``TEXT`` (case-insensitive) as a link
    ``<a href="/functions/NAME">NAME</a>``, sorted; an empty or missing ``q`` lists
    nothing.
a custom 404 page
    every 404 of the HTML pages (an unknown URL, an unknown builtin) is rendered from
    ``NOT_FOUND_TEMPLATE`` with ``render_template_string``, passing ``path`` (the
    requested path): ``@app.errorhandler(404)``. The status stays 404.

Graded with Flask's test client (``pytest tests/lab09/test_ex1_flask_ext.py``).

    python tinyflaskapp_ext.py --port 8020
"""

from __future__ import annotations

import builtins
import sys
from wsgiref.simple_server import make_server

from flask import Flask, abort, render_template_string, request

from labkit import cli, server

app = Flask(__name__)

docstrings = {
    name.lower(): obj.__doc__
    for name, obj in vars(builtins).items()
    if name[0].islower() and hasattr(obj, "__name__")
}

SEARCH_TEMPLATE = """<!DOCTYPE html>
<h1>Search: {{ q }}</h1>
{% for name in names %}
<a href="/functions/{{ name }}">{{ name }}</a><br>
{% endfor %}
"""

NOT_FOUND_TEMPLATE = """<!DOCTYPE html>
<title>Not found</title>
<h1>Not found</h1>
<p class="not-found">Nothing at {{ path }}. Try the <a href="/">list of builtins</a>.</p>
"""


@app.route("/")
def index():
    links = [f'<a href="/functions/{name}">{name}</a><br>' for name in sorted(docstrings)]
    return "<h1>Python builtins docstrings</h1>\n" + "\n".join(links)


@app.route("/functions/<func_name>")
def show_docstring(func_name):
    func_name = func_name.lower()
    if func_name not in docstrings:
        abort(404)
    return f"<h1>{func_name}</h1>\n<pre>{docstrings[func_name]}</pre>"


@app.route("/api/functions/<func_name>")
def api_docstring(func_name):
    name = func_name.lower()
    if name not in docstrings:
        return {"error": "not found", "name": func_name}, 404
    return {"name": name, "doc": docstrings[name]}


@app.route("/search")
def search():
    q = request.args.get("q", "")
    names = sorted(name for name in docstrings if q and q.lower() in name)
    return render_template_string(SEARCH_TEMPLATE, q=q, names=names)


@app.errorhandler(404)
def not_found(error):
    return render_template_string(NOT_FOUND_TEMPLATE, path=request.path), 404


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="The docstrings app with an API and a search.")
    cli.add_host_port(parser, "127.0.0.1", 8020)
    args = parser.parse_args(argv)
    try:
        httpd = make_server(args.host, args.port, app)
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    return server.serve_until_stopped(httpd)


if __name__ == "__main__":
    sys.exit(main())
