"""Exercise 5: make the book's first Flask app importable (and safe to run).

This is the stage-1 app as the book writes it. ``python tinyflaskapp.py`` works, but:

- ``import tinyflaskapp`` fails (a test, ``flask --app tinyflaskapp run``, Gunicorn's
  ``tinyflaskapp:app`` all import it): ``__builtins__`` is the ``builtins`` module only
  in the script that Python runs; in an imported module (and under ``runpy``) it is a
  plain dict, and a dict has no ``__dict__``;
- it turns debug mode on unconditionally: the interactive debugger runs whatever code
  the browser sends it.

Fix both, keeping the two routes as they are: read the builtins in a way that works
in every case (the :mod:`builtins` module), leave ``app.debug`` off, and when run as a
script call ``app.run`` on 127.0.0.1 without debug.

Graded (``pytest tests/lab09/test_ex5_importable.py``): ``importlib.import_module``
works in a fresh interpreter; ``docstrings`` has one entry per builtin function or
class; ``runpy.run_path(..., run_name="__main__")`` (with ``Flask.run`` stubbed) calls
``app.run`` with host 127.0.0.1; debug stays off.
"""

from flask import Flask, abort

app = Flask(__name__)
app.debug = True

docstrings = {
    name.lower(): obj.__doc__
    for name, obj in __builtins__.__dict__.items()
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


if __name__ == "__main__":
    app.run()
