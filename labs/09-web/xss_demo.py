"""Reflected cross-site scripting, and the escaping that prevents it.

Book: chapter 9, "A note on security" (XSS).

Two routes greet whoever ``?name=`` names. ``/unsafe`` pastes the parameter into its
HTML with an f-string, so ``?name=<script>...</script>`` puts a script into the page,
where it runs with this site's rights: that link, sent to a victim, runs the
attacker's code in the victim's browser. ``/safe`` renders the same text through a
Jinja template, whose autoescaping turns ``<`` into ``&lt;`` and so on: the browser
shows the text and runs nothing. ``markupsafe.escape`` does the same by hand.

    python xss_demo.py --port 8012
    curl 'http://127.0.0.1:8012/unsafe?name=<b>you</b>'

It only greets: nothing here is dangerous to run on loopback. Never write a view
like ``unsafe`` for real.
"""

from __future__ import annotations

import sys

import serving
from flask import Flask, render_template_string, request
from markupsafe import escape

app = Flask(__name__)

GREETING = "<p>Hello, {{ name }}!</p>\n"


@app.route("/")
def index():
    return (
        "<h1>XSS demo</h1>\n"
        '<p><a href="/unsafe?name=%3Cb%3Eyou%3C/b%3E">unsafe</a> | '
        '<a href="/safe?name=%3Cb%3Eyou%3C/b%3E">safe</a></p>\n'
    )


@app.route("/unsafe")
def unsafe():
    name = request.args.get("name", "world")
    return f"<p>Hello, {name}!</p>\n"  # WRONG: the parameter becomes markup


@app.route("/safe")
def safe():
    # render_template_string autoescapes, like every .html template.
    return render_template_string(GREETING, name=request.args.get("name", "world"))


@app.route("/escaped")
def escaped():
    # Without a template: escape() returns Markup, which the f-string turns back into str.
    return f"<p>Hello, {escape(request.args.get('name', 'world'))}!</p>\n"


def main(argv=None) -> int:
    return serving.main(
        app, argv, description="Reflected XSS: unsafe and safe greetings.", default_port=8012
    )


if __name__ == "__main__":
    sys.exit(main())
