"""Every script's command line: --help, bad arguments, a busy port, imports."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from labkit import lab_dir, testing

LAB = lab_dir("09")
SERVERS = [
    "tinyflaskapp.py",
    "tinyflaskapp_templates.py",
    "tinyflaskapp_style.py",
    "xss_demo.py",
    "wsgi_app.py",
]
SCRIPTS = [*SERVERS, "cgi_docstring.py", "cgi_wsgi.py", "csrf_check.py"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_help(script):
    result = testing.run_script(LAB / script, "--help")
    assert result.returncode == 0 and result.stdout.startswith("usage: ")


@pytest.mark.parametrize("script", SERVERS)
@pytest.mark.parametrize(
    ("args", "fragment"),
    [(["--port", "70000"], "between 0 and 65535"), (["--bogus"], "unrecognized arguments")],
)
def test_bad_arguments(script, args, fragment):
    line = testing.assert_one_line_error(testing.run_script(LAB / script, *args), 2)
    assert fragment in line


@pytest.mark.parametrize("script", ["cgi_docstring.py", "cgi_wsgi.py"])
def test_cgi_bad_argument(script):
    result = testing.run_script(LAB / script, "--port", "1", env={"REQUEST_METHOD": "GET"})
    testing.assert_one_line_error(result, 2)


@pytest.mark.parametrize("script", SERVERS)
def test_busy_port_is_one_line(script):
    with socket.create_server(("127.0.0.1", 0)) as busy:
        result = testing.run_script(LAB / script, "--port", str(busy.getsockname()[1]))
    line = testing.assert_one_line_error(result, 1)
    assert "cannot listen on 127.0.0.1:" in line and "address already in use" in line


@pytest.mark.parametrize("module", [s.removesuffix(".py") for s in SCRIPTS])
def test_module_imports_cleanly_in_a_fresh_interpreter(module):
    # What Gunicorn does: import the module, then look up ``app``. Nothing may start.
    code = f"import importlib; m = importlib.import_module({module!r}); print('ok')"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=LAB,
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok\n"


def test_csrf_check_against_the_app(serve):
    import tinyflaskapp_style

    base = serve(tinyflaskapp_style.app)
    result = testing.run_script(LAB / "csrf_check.py", "--base-url", base + "/")
    assert result.returncode == 0, result.stderr
    assert [line.split()[-1] for line in result.stdout.splitlines()] == ["403", "200", "403"]


def test_csrf_check_errors(serve):
    import tinyflaskapp

    refused = testing.run_script(
        LAB / "csrf_check.py", "--base-url", f"http://127.0.0.1:{testing.closed_port()}/"
    )
    assert "connection refused" in testing.assert_one_line_error(refused, 1)
    no_form = testing.run_script(LAB / "csrf_check.py", "--base-url", serve(tinyflaskapp.app))
    assert "no _csrf_token field" in testing.assert_one_line_error(no_form, 1)
    missing = testing.run_script(
        LAB / "csrf_check.py", "--base-url", serve(tinyflaskapp.app), "--name", "nothing"
    )
    assert "HTTP 404" in testing.assert_one_line_error(missing, 1)
    bad = testing.run_script(LAB / "csrf_check.py", "--base-url", "ftp://x/")
    testing.assert_one_line_error(bad, 2)
