"""snmp_read.py: the book's 5_4 GET with pysnmp 7's asyncio API, and its failures."""

import asyncio
import socket

import pytest

from labkit import testing

from .conftest import LAB

SCRIPT = LAB / "snmp_read.py"
snmp_read = testing.load_module(SCRIPT)
TIMEOUT_LINE = "No SNMP response received before timeout"


def run(*args, **kwargs):
    return testing.run_script(SCRIPT, *map(str, args), **kwargs)


def test_help():
    result = run("--help")
    assert result.returncode == 0
    for option in ("--host", "--port", "--community", "--timeout", "--retries", "OID"):
        assert option in result.stdout


def test_default_is_the_books_sysdescr(snmp_agent):
    result = run("--port", snmp_agent.port)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"SNMPv2-MIB::sysDescr.0 = {snmp_agent.values['sysDescr']}\n"


def test_several_oids_in_all_spellings(snmp_agent):
    result = run("--port", snmp_agent.port, "sysName.0", "SNMPv2-MIB::sysLocation.0",
                 "1.3.6.1.2.1.1.4.0", ".1.3.6.1.2.1.1.3.0")  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "SNMPv2-MIB::sysName.0 = lab-agent",
        "SNMPv2-MIB::sysLocation.0 = Lab 05, loopback",
        "SNMPv2-MIB::sysContact.0 = student@lab.test",
    ]
    assert lines[3].startswith("SNMPv2-MIB::sysUpTime.0 = ")
    assert int(lines[3].split(" = ")[1]) > 0


def test_snmp_get_returns_var_binds(snmp_agent):
    oid = snmp_read.parse_oid("sysName.0")
    [(name, value)] = asyncio.run(
        snmp_read.snmp_get(snmp_agent.host, snmp_agent.port, "public", [oid], timeout=2)
    )
    assert (str(name), str(value)) == ("1.3.6.1.2.1.1.5.0", "lab-agent")


def test_wrong_community_times_out_in_one_line(snmp_agent):
    result = run("--port", snmp_agent.port, "--community", "private", "--timeout", "0.5")
    line = testing.assert_one_line_error(result, 1)
    assert line.endswith(f"{snmp_agent.host}:{snmp_agent.port}: {TIMEOUT_LINE}")
    assert result.stdout == ""


def test_no_agent_times_out_in_one_line():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as quiet:  # bound, never answers
        quiet.bind(("127.0.0.1", 0))
        result = run("--port", quiet.getsockname()[1], "--timeout", "0.5")
    assert TIMEOUT_LINE in testing.assert_one_line_error(result, 1)


def test_retries_resend_the_request():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as quiet:
        quiet.bind(("127.0.0.1", 0))
        quiet.settimeout(10)
        result = run("--port", quiet.getsockname()[1], "--timeout", "0.3", "--retries", "2")
        received = 0
        quiet.settimeout(0.1)
        try:
            while quiet.recv(2048):
                received += 1
        except TimeoutError:
            pass
    assert result.returncode == 1
    assert received == 3  # the first request and two retries


def test_missing_object_is_printed_then_exit_1(snmp_agent):
    result = run("--port", snmp_agent.port, "1.3.6.1.2.1.1.99.0")
    assert "No Such Object" in result.stdout
    assert "no such object" in testing.assert_one_line_error(result, 1)


def test_unknown_name_is_one_line(snmp_agent):
    result = run("--port", snmp_agent.port, "sysNoSuchThing.0")
    assert "sysNoSuchThing" in testing.assert_one_line_error(result, 1)


def test_no_resource_warning(snmp_agent):
    """The engine's dispatcher is closed: no unclosed socket or transport is reported."""
    result = run("--port", snmp_agent.port, env={"PYTHONWARNINGS": "always", "PYTHONDEVMODE": "1"})
    assert result.returncode == 0, result.stderr
    assert "ResourceWarning" not in result.stderr and "unclosed" not in result.stderr


def test_unknown_host_is_one_line(monkeypatch, capsys):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    assert snmp_read.main(["--host", "agent.lab.invalid", "--timeout", "0.5"]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "agent.lab.invalid" in err


@pytest.mark.parametrize(
    "args", [["1..3"], ["--port", "x"], ["--retries", "9"], ["--timeout", "-1"]]
)
def test_bad_arguments_are_usage_errors(args):
    testing.assert_one_line_error(run(*args), 2)
