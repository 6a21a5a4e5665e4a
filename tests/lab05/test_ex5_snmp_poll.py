"""Exercise 5: snmp_poll.py, get / walk / --json against the lab's agent (8 points)."""

import json
import time

import pytest

from labkit import testing

SYS = "1.3.6.1.2.1.1"
DESCR, UPTIME, CONTACT, NAME, LOCATION = (f"{SYS}.{n}.0" for n in (1, 3, 4, 5, 6))


@pytest.fixture
def poll(exercise):
    return exercise.load("snmp_poll.py")


@pytest.mark.points(2)
def test_get_returns_known_values_in_order(poll, snmp_agent):
    values = poll.get(snmp_agent.host, snmp_agent.port, [NAME, LOCATION, DESCR])
    assert list(values.items()) == [
        (NAME, "lab-agent"),
        (LOCATION, "Lab 05, loopback"),
        (DESCR, snmp_agent.values["sysDescr"]),
    ]
    assert poll.get(snmp_agent.host, snmp_agent.port, [f"{SYS}.99.0"]) == {f"{SYS}.99.0": None}


@pytest.mark.points(2)
def test_sysuptime_is_an_int_that_increases_between_polls(poll, snmp_agent):
    first = poll.get(snmp_agent.host, snmp_agent.port, [UPTIME])[UPTIME]
    time.sleep(1.2)
    second = poll.get(snmp_agent.host, snmp_agent.port, [UPTIME])[UPTIME]
    assert type(first) is int and type(second) is int
    assert second - first >= 60  # hundredths of a second: at least 0.6 s of the 1.2 s


@pytest.mark.points(2)
def test_walk_of_the_system_group(poll, snmp_agent):
    values = poll.walk(snmp_agent.host, snmp_agent.port, SYS)
    assert len(values) >= 7
    assert all(oid.startswith(SYS + ".") for oid in values)  # stopped at the subtree's end
    assert values[NAME] == "lab-agent" and values[CONTACT] == "student@lab.test"
    assert isinstance(values[UPTIME], int)


@pytest.mark.points(1)
def test_wrong_community_raises_snmp_error(poll, snmp_agent):
    started = time.monotonic()
    with pytest.raises(poll.SNMPError, match="No SNMP response"):
        poll.get(snmp_agent.host, snmp_agent.port, [NAME], community="private", timeout=0.5)
    with pytest.raises(poll.SNMPError):
        poll.walk(snmp_agent.host, snmp_agent.port, SYS, community="private", timeout=0.5)
    assert time.monotonic() - started < 10


@pytest.mark.points(1)
def test_cli_text_json_and_error(exercise, snmp_agent):
    script = exercise.path("snmp_poll.py")
    port = str(snmp_agent.port)
    result = testing.run_script(script, "--port", port, "get", NAME, LOCATION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"{NAME} = lab-agent", f"{LOCATION} = Lab 05, loopback"]
    result = testing.run_script(script, "--port", port, "--json", "walk", SYS)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data[NAME] == "lab-agent" and isinstance(data[UPTIME], int)
    result = testing.run_script(script, "--port", port, "--community", "x", "--timeout", "0.5",
                                "get", NAME)  # fmt: skip
    testing.assert_one_line_error(result, 1)
