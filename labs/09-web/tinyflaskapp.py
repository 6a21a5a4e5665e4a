"""Stage 1 of the builtins-docstrings app: a Flask application with two plain routes.

Book: chapter 9, "Flask - a microframework" (the download's ``1-init`` folder).

``GET /`` lists every builtin function and class of Python as a link;
``GET /functions/NAME`` shows that builtin's docstring (the name is case-insensitive);
any other name gives 404. The views build their HTML with f-strings, so a docstring
goes into the page as it is: ``bin``'s ``>>> bin(2796202)`` reaches the browser raw.
That is harmless here, and exactly the mistake that allows cross-site scripting when
the text comes from a user (see ``xss_demo.py``; stage 2 fixes it with templates).

Run it, then open http://127.0.0.1:8009/ ::

    python tinyflaskapp.py --port 8009        # Ctrl-C stops it

Two changes from the book. The builtins come from ``vars(builtins)``: ``__builtins__``
is the module when this file runs as a script but a plain dict when it is imported
(by a test, or by Gunicorn), so the book's ``__builtins__.__dict__`` breaks the import.
And debug mode is off unless you pass ``--debug``.
"""

from __future__ import annotations

import builtins
import sys

import serving
from flask import Flask, abort

app = Flask(__name__)

# name -> docstring, for builtins whose name starts with a lowercase letter and that
# have a __name__ (functions and classes, not constants such as True or Ellipsis).
docstrings = {
    name.lower(): obj.__doc__
    for name, obj in vars(builtins).items()
    if name[0].islower() and hasattr(obj, "__name__")
}


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


def main(argv=None) -> int:
    return serving.main(
        app, argv, description="Serve the builtins docstrings (plain routes).", default_port=8009
    )


if __name__ == "__main__":
    sys.exit(main())
