"""Exercise 5: the stage-1 app imports cleanly and still runs as a script, without debug."""

from __future__ import annotations

import builtins
import runpy
import subprocess
import sys

import flask
import pytest

EXPECTED = {
    name.lower(): obj.__doc__
    for name, obj in vars(builtins).items()
    if name[0].islower() and hasattr(obj, "__name__")
}


@pytest.mark.points(1)
def test_import_module_in_a_fresh_interpreter(exercise):
    path = exercise.path("tinyflaskapp.py")
    code = "import importlib; m = importlib.import_module('tinyflaskapp'); print(len(m.docstrings))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=path.parent,
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr.strip().splitlines()[-1:]
    assert result.stdout.strip() == str(len(EXPECTED))


@pytest.mark.points(1)
def test_docstrings_and_routes(exercise):
    module = exercise.load("tinyflaskapp.py")
    assert module.docstrings == EXPECTED
    client = module.app.test_client()
    assert client.get("/functions/LEN").text == f"<h1>len</h1>\n<pre>{builtins.len.__doc__}</pre>"
    assert client.get("/functions/nothing").status_code == 404


@pytest.mark.points(1)
def test_runs_as_main_on_loopback(exercise, monkeypatch):
    calls = []
    monkeypatch.setattr(flask.Flask, "run", lambda self, *a, **kw: calls.append((self, a, kw)))
    monkeypatch.setattr(sys, "argv", [str(exercise.path("tinyflaskapp.py"))])
    namespace = runpy.run_path(str(exercise.path("tinyflaskapp.py")), run_name="__main__")
    assert len(calls) == 1, "running the file as a script must call app.run() once"
    app, args, kwargs = calls[0]
    assert app is namespace["app"]
    assert kwargs.get("host", args[0] if args else None) == "127.0.0.1"
    assert namespace["docstrings"] == EXPECTED


@pytest.mark.points(1)
def test_debug_stays_off(exercise, monkeypatch):
    module = exercise.load("tinyflaskapp.py")
    assert module.app.debug is False
    calls = []
    monkeypatch.setattr(flask.Flask, "run", lambda self, *a, **kw: calls.append((self, kw)))
    monkeypatch.setattr(sys, "argv", [str(exercise.path("tinyflaskapp.py"))])
    namespace = runpy.run_path(str(exercise.path("tinyflaskapp.py")), run_name="__main__")
    assert namespace["app"].debug is False
    assert all(not kwargs.get("debug") for _app, kwargs in calls)
