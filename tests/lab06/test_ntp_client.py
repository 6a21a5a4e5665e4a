"""ntp_client.py and ntp_snippet.py against the lab NTP server, and their failures."""

import contextlib
import re
import socket
import threading
import time

import ntp_client
import ntplib
import pytest

from labkit import testing

from .conftest import LAB

SCRIPTS = ["ntp_client.py", "ntp_snippet.py"]
CTIME = r"\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}"


def run(script, *args, **kwargs):
    return testing.run_script(LAB / script, *args, **kwargs)


@contextlib.contextmanager
def replying_with(payload: bytes):
    """A UDP "server" that answers every datagram with ``payload``; yields its port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.1)
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            try:
                _data, client = sock.recvfrom(512)
            except TimeoutError:
                continue
            sock.sendto(payload, client)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1]
    finally:
        stop.set()
        thread.join(2)
        sock.close()


@pytest.mark.parametrize("script", SCRIPTS)
def test_help(script):
    result = run(script, "--help")
    assert result.returncode == 0 and result.stdout.startswith(f"usage: {script}")
    assert "--timeout" in result.stdout and "--server" in result.stdout


@pytest.mark.parametrize(
    "args",
    [["--port", "70000"], ["--timeout", "0"], ["--timeout", "x"], ["--version", "5"], ["extra"]],
)
def test_bad_arguments(args):
    if "--version" in args:
        result = run("ntp_client.py", *args)
    else:
        result = run("ntp_snippet.py", *args)
        testing.assert_one_line_error(run("ntp_client.py", *args), 2)
    testing.assert_one_line_error(result, 2)


@pytest.mark.parametrize("ntp_server", [4.78, -4.78], indirect=True)
def test_client_prints_the_servers_fields(ntp_server):
    result = run("ntp_client.py", "--port", str(ntp_server.port))
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "Received time",
        "ref_clock",
        "stratum",
        "last_update",
        "offset",
        "precision",
        "root_delay",
        "root_dispersion",
    ]
    assert re.fullmatch(f"Received time: {CTIME}", lines[0])
    assert lines[1:3] == ["ref_clock: 213.136.0.252", "stratum: 2"]
    assert abs(float(lines[3].split()[1]) - (time.time() + ntp_server.skew)) < 60
    offset = float(re.fullmatch(r"offset: (-?\d+\.\d{6})", lines[4]).group(1))
    assert abs(offset - ntp_server.skew) < 0.05
    assert lines[5:] == ["precision: -23", "root_delay: 0.019608", "root_dispersion: 0.036987"]


@pytest.mark.parametrize("version", [2, 3, 4])
def test_client_version(ntp_server, version):
    assert ntp_client.query("127.0.0.1", ntp_server.port, version, 3).version == version
    result = run("ntp_client.py", "--port", str(ntp_server.port), "--version", str(version))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("ntp_server", [-4.78], indirect=True)
def test_snippet_prints_the_servers_time(ntp_server):
    result = run("ntp_snippet.py", "--port", str(ntp_server.port))
    assert (result.returncode, result.stderr) == (0, "")
    assert re.fullmatch(CTIME + "\n", result.stdout)
    printed = time.mktime(time.strptime(result.stdout.strip()))  # ctime is local time
    assert abs(printed - (time.time() - 4.78)) < 3


@pytest.mark.parametrize("script", SCRIPTS)
def test_no_server_times_out(script, silent_ntp_port):
    started = time.monotonic()
    result = run(script, "--port", str(silent_ntp_port), "--timeout", "0.5")
    assert time.monotonic() - started < 10
    line = testing.assert_one_line_error(result, 1)
    assert f"no NTP reply from 127.0.0.1:{silent_ntp_port} within 0.5 s" in line


@pytest.mark.parametrize("script", SCRIPTS)
def test_reply_too_short(script):
    with replying_with(b"\x1c" * 20) as port:
        line = testing.assert_one_line_error(run(script, "--port", str(port)), 1)
    assert "malformed" in line


def test_reply_not_from_a_server():
    with replying_with(bytes(48)) as port:  # 48 zero bytes: mode 0
        line = testing.assert_one_line_error(run("ntp_client.py", "--port", str(port)), 1)
    assert "not an NTP server's reply (mode 0" in line


@pytest.mark.parametrize("script", SCRIPTS)
def test_unknown_host(script, monkeypatch, capsys):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    module = testing.load_module(LAB / script)
    assert module.main(["--server", "ntp.lab.invalid"]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "unknown host" in err


def test_ntplib_itself_would_time_out(silent_ntp_port):
    # what the scripts translate: ntplib's own exception for "no reply"
    with pytest.raises(ntplib.NTPException, match="No response"):
        ntplib.NTPClient().request("127.0.0.1", port=silent_ntp_port, timeout=0.3)
