"""Fixtures for lab 09: the apps on real servers (wsgiref, Gunicorn, nginx), on loopback."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from labkit import lab_dir, testing

LAB = lab_dir("09")
sys.path.insert(0, str(LAB))  # so tests can import the lab's apps by name

import serving  # noqa: E402

GUNICORN = Path(sys.executable).with_name("gunicorn")
GUNICORN_READY = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")


@contextlib.contextmanager
def running(app):
    """``app`` on wsgiref in a background thread on 127.0.0.1, port 0: yields the base URL."""
    httpd = serving.start(app, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def serve():
    """Serve WSGI apps on port 0 for the test: ``base_url = serve(app)``."""
    with contextlib.ExitStack() as stack:
        yield lambda app: stack.enter_context(running(app))


@pytest.fixture
def http():
    """A requests session that ignores proxy settings (loopback only)."""
    with requests.Session() as session:
        session.trust_env = False
        yield session


def gunicorn_control_args() -> list[str]:
    """Gunicorn 27 opens a control socket in ~/.gunicorn; tests turn it off when they can."""
    help_text = subprocess.run(
        [str(GUNICORN), "--help"], capture_output=True, text=True, timeout=30
    ).stdout
    return ["--no-control-socket"] if "--no-control-socket" in help_text else []


@contextlib.contextmanager
def gunicorn(target: str, *extra: str, cwd: Path = LAB, timeout: float = 20):
    """``gunicorn -k gthread`` on 127.0.0.1, port 0; yields (base URL, process). Always stopped."""
    if not GUNICORN.exists():
        pytest.skip("Gunicorn not installed: pip install gunicorn")
    command = [str(GUNICORN), "-k", "gthread", "--threads", "4", "-w", "1"]
    command += ["--bind", "127.0.0.1:0", *gunicorn_control_args(), *extra, target]
    proc = subprocess.Popen(
        command,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=testing.script_env(),
        start_new_session=True,
    )
    log: list[str] = []
    ready = threading.Event()
    port: list[int] = []

    def read_log() -> None:
        for line in proc.stderr:
            log.append(line.rstrip())
            match = GUNICORN_READY.search(line)
            if match and not port:
                port.append(int(match.group(1)))
            if "Booting worker" in line and port:
                ready.set()
        ready.set()

    reader = threading.Thread(target=read_log, daemon=True)
    reader.start()
    try:
        if not ready.wait(timeout) or not port or proc.poll() is not None:
            raise RuntimeError(f"gunicorn did not start: {log}")
        base = f"http://127.0.0.1:{port[0]}"
        # The worker has booted; wait until it imported the app and answers.
        testing.wait_until(lambda: _answers(base), timeout=timeout)
        yield base, proc, log
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        reader.join(5)
        proc.stderr.close()


def _answers(base: str) -> bool:
    try:
        requests.get(base + "/", timeout=2, proxies={"http": None})
    except requests.ConnectionError:
        return False
    return True


@pytest.fixture
def start_gunicorn():
    with contextlib.ExitStack() as stack:
        yield lambda target, *extra: stack.enter_context(gunicorn(target, *extra))


# --- nginx as a reverse proxy ----------------------------------------------------------

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

NGINX_CONF = """\
daemon off;
master_process off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location /static/ {{
            alias {static}/;
        }}
        location / {{
            proxy_pass {upstream};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


@contextlib.contextmanager
def nginx_proxy(upstream: str, tmp: Path, static: Path, timeout: float = 10):
    """nginx on 127.0.0.1 (a free port) proxying to ``upstream``; yields its base URL."""
    if not Path(NGINX).exists():
        pytest.skip("nginx not installed: sudo apt-get install nginx-light")
    port = testing.closed_port()
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, upstream=upstream, static=static))
    proc = subprocess.Popen(
        [NGINX, "-c", str(conf), "-p", str(tmp), "-e", str(tmp / "error.log")],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while not _answers(base):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"nginx did not start: {proc.stderr.read() if proc.poll() is not None else ''}"
                    f" {(tmp / 'error.log').read_text() if (tmp / 'error.log').exists() else ''}"
                )
            time.sleep(0.05)
        yield base
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        proc.stderr.close()
