"""The smaller worked examples: smtp_refused, errno_lookup, show_interfaces, resolve;
and what every lab 01 script must do: ``--help``, and bad arguments as usage errors."""

import errno
import platform
import socket
import threading
from pathlib import Path

import pytest

from labkit import lab_dir, testing

LAB = lab_dir("01")
SCRIPTS = [
    "smtp_refused.py",
    "rfc_downloader.py",
    "rfc_downloader_socket.py",
    "show_interfaces.py",
    "resolve.py",
    "errno_lookup.py",
    "subnet_calc.py",
    "ipv6_forms.py",
    "rfc_mirror.py",
]

smtp_refused = testing.load_module(LAB / "smtp_refused.py")
errno_lookup = testing.load_module(LAB / "errno_lookup.py")
show_interfaces = testing.load_module(LAB / "show_interfaces.py")
resolve = testing.load_module(LAB / "resolve.py")


def run(script, *args, **kwargs):
    return testing.run_script(LAB / script, *args, **kwargs)


# --- every script ---------------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
def test_help(script):
    result = run(script, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: " + script)
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("script", "args", "fragment"),
    [
        ("smtp_refused.py", ["--port", "66000"], "port must be between 0 and 65535"),
        ("smtp_refused.py", ["--timeout", "soon"], "not a number"),
        ("rfc_downloader.py", ["abc"], "Must supply an RFC number"),
        ("rfc_downloader_socket.py", ["abc"], "Must supply an RFC number"),
        ("rfc_downloader.py", ["2324", "--timeout", "0"], "must be greater than 0"),
        ("show_interfaces.py", ["eth0"], "unrecognized arguments"),
        ("resolve.py", [], "required: NAME"),
        ("resolve.py", ["localhost", "--timeout=0"], "must be greater than 0"),
        ("errno_lookup.py", ["9999"], "no errno 9999"),
        ("errno_lookup.py", ["abc"], "not a number"),
        ("subnet_calc.py", ["192.168.0.186/33"], "not a prefix length"),
        ("ipv6_forms.py", ["2001:db8::g"], "Only hex digits"),
    ],
)
def test_a_bad_argument_is_a_usage_error(script, args, fragment):
    result = run(script, *args)
    assert result.stdout == ""
    line = testing.assert_one_line_error(result, 2)  # no usage text, no traceback
    assert line.startswith(f"{script}: error: ") and fragment in line, line


# --- smtp_refused.py ------------------------------------------------------------------


def test_smtplib_connection_is_refused_with_econnrefused(closed_port):
    exc = smtp_refused.try_smtp("127.0.0.1", closed_port, timeout=5)
    assert isinstance(exc, ConnectionRefusedError)
    assert exc.errno == errno.ECONNREFUSED
    assert smtp_refused.summary(exc) == "ConnectionRefusedError: errno 111 (ECONNREFUSED)"


def test_the_traceback_goes_from_smtplib_down_to_socket(closed_port):
    exc = smtp_refused.try_smtp("127.0.0.1", closed_port, timeout=5)
    frames = smtp_refused.frames(exc)
    files = [Path(frame.filename).name for frame in frames]
    assert files[0] == "smtp_refused.py"
    assert files[1] == "smtplib.py"
    assert files[-1] == "socket.py"
    # smtplib's frames, then socket's: the application layer calls the transport layer.
    library = files[1:]
    assert library == sorted(library, key=["smtplib.py", "socket.py"].index)
    names = [frame.name for frame in frames]
    assert names[1:4] == ["__init__", "connect", "_get_socket"]
    assert names[-1] == "create_connection"
    assert "sock.connect" in frames[-1].line


def test_smtp_refused_script_shows_the_traceback_on_purpose():
    result = run("smtp_refused.py")
    assert result.returncode == 1
    assert result.stdout.startswith("Connecting with smtplib to 127.0.0.1:")
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert 'smtplib.py", line' in result.stderr and 'socket.py", line' in result.stderr
    assert "ConnectionRefusedError: [Errno 111] Connection refused" in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-2].startswith("Call chain: smtp_refused.py try_smtp -> smtplib.py __init__")
    assert lines[-1] == "smtp_refused.py: error: ConnectionRefusedError: errno 111 (ECONNREFUSED)"


def test_smtp_refused_on_a_chosen_port(closed_port):
    result = run("smtp_refused.py", "--port", str(closed_port))
    assert result.returncode == 1
    assert f"127.0.0.1:{closed_port}" in result.stdout


def test_the_default_port_is_closed():
    port = smtp_refused.closed_port()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="a glibc getaddrinfo quirk")
def test_the_books_port_66000_wraps_to_464():
    [info] = socket.getaddrinfo("127.0.0.1", 66000, socket.AF_INET, socket.SOCK_STREAM)
    assert info[4] == ("127.0.0.1", 464)


# --- errno_lookup.py ------------------------------------------------------------------


def test_errno_111_is_econnrefused():
    result = run("errno_lookup.py", "111")
    assert (result.returncode, result.stdout) == (0, "ECONNREFUSED Connection refused\n")
    assert errno_lookup.describe(errno.ECONNREFUSED) == "ECONNREFUSED Connection refused"


def test_errno_lookup_several_numbers():
    result = run("errno_lookup.py", "111", "110")
    assert result.stdout.splitlines() == [
        "ECONNREFUSED Connection refused",
        "ETIMEDOUT Connection timed out",
    ]


# --- show_interfaces.py ---------------------------------------------------------------


def test_interfaces_include_loopback():
    assert (socket.if_nametoindex("lo"), "lo") in show_interfaces.interfaces()


@pytest.mark.parametrize("args", [[], ["--names-only"]])
def test_show_interfaces_lists_lo(args):
    result = run("show_interfaces.py", *args)
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()]
    assert [str(socket.if_nametoindex("lo")), "lo"] in [row[:2] for row in rows]
    if not args and show_interfaces.addresses():
        [lo] = [row for row in rows if row[1] == "lo"]
        assert "127.0.0.1/8" in lo


# --- resolve.py -----------------------------------------------------------------------


def test_resolve_localhost():
    result = run("resolve.py", "localhost")
    assert result.returncode == 0, result.stderr
    assert "IPv4  127.0.0.1" in result.stdout.splitlines()
    assert ("IPv4", "127.0.0.1") in resolve.resolve("localhost")


def test_resolve_ipv4_only():
    result = run("resolve.py", "-4", "localhost")
    assert result.stdout.splitlines() == ["IPv4  127.0.0.1"]


def _fake_getaddrinfo(behaviour):
    def getaddrinfo(host, *args, **kwargs):
        return behaviour(host)

    return getaddrinfo


def test_an_unknown_name_is_one_line_exit_1(monkeypatch, capsys):
    # No real DNS query: the traffic rule keeps tests off the network's resolvers.
    def unknown(host):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", _fake_getaddrinfo(unknown))
    assert resolve.main(["nowhere.invalid"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1
    assert "cannot resolve nowhere.invalid: unknown host" in err


def test_a_resolver_that_never_answers_times_out(monkeypatch, capsys):
    release = threading.Event()

    def stuck(host):
        release.wait(10)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", _fake_getaddrinfo(stuck))
    try:
        assert resolve.main(["slow.lab.test", "--timeout", "0.2"]) == 1
    finally:
        release.set()
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "no answer from the resolver" in err
