"""Stage 2 of the builtins-docstrings app: the same two pages, built from Jinja templates.

Book: chapter 9, "Templating" (the download's ``2-templates`` folder).

The views no longer write HTML: they pick a template in ``templates/`` and pass it
data (``render_template("index.html", funcs=...)``). ``index.html`` and
``docstring.html`` extend ``base.html``, which holds the page skeleton, and fill in its
blocks (``{% block body %}``). Flask turns on Jinja's autoescaping for ``.html`` templates, so the
docstring of ``bin`` now reaches the browser as ``&gt;&gt;&gt; bin(2796202)`` and shows
as ``>>> bin(2796202)``, text rather than markup.

    python tinyflaskapp_templates.py --port 8010
"""

from __future__ import annotations

import builtins
import sys

import serving
from flask import Flask, abort, render_template

app = Flask(__name__, static_folder=None)  # no stylesheet yet: that is stage 3
app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True  # tidy HTML
app.jinja_env.globals["layout"] = "base.html"  # the template index.html and docstring.html extend

docstrings = {
    name.lower(): obj.__doc__
    for name, obj in vars(builtins).items()
    if name[0].islower() and hasattr(obj, "__name__")
}


@app.route("/")
def index():
    return render_template("index.html", funcs=sorted(docstrings))


@app.route("/functions/<func_name>")
def show_docstring(func_name):
    func_name = func_name.lower()
    if func_name not in docstrings:
        abort(404)
    return render_template("docstring.html", func_name=func_name, doc=docstrings[func_name])


def main(argv=None) -> int:
    return serving.main(
        app, argv, description="Serve the builtins docstrings (templates).", default_port=8010
    )


if __name__ == "__main__":
    sys.exit(main())
