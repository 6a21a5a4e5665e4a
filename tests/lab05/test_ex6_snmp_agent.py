"""Exercise 6: snmp_agent.py, a student's pysnmp agent read by the lab's client (7 points)."""

import asyncio

import pytest
from pysnmp.hlapi.v3arch.asyncio import (
    CommunityData,
    ContextData,
    ObjectIdentity,
    ObjectType,
    SnmpEngine,
    UdpTransportTarget,
    walk_cmd,
)

from labkit import testing

from .conftest import LAB

CLIENT = LAB / "snmp_read.py"  # the reference client
MOTD = "1.3.6.1.4.1.8072.9999.9999.1.0"
OPTIONS = ["--location", "Room 101, building B", "--contact", "ops@lab.test",
           "--name", "ex6-agent", "--message", "Patch night: Friday"]  # fmt: skip


@pytest.fixture
def start_agent(exercise):
    script = exercise.path("snmp_agent.py")

    def start(*args):
        return testing.start_script(script, "--port", "0", *args, timeout=30)

    return start


def read(agent, *oids, community="public"):
    return testing.run_script(CLIENT, "--port", str(agent.port), "--community", community,
                              "--timeout", "1", *oids)  # fmt: skip


@pytest.mark.points(2)
def test_reference_client_reads_the_custom_location(start_agent):
    with start_agent(*OPTIONS) as agent:
        result = read(agent, "sysLocation.0")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "SNMPv2-MIB::sysLocation.0 = Room 101, building B\n"


@pytest.mark.points(1)
def test_contact_and_name(start_agent):
    with start_agent(*OPTIONS) as agent:
        result = read(agent, "sysContact.0", "sysName.0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "SNMPv2-MIB::sysContact.0 = ops@lab.test",
        "SNMPv2-MIB::sysName.0 = ex6-agent",
    ]


@pytest.mark.points(2)
def test_custom_object_holds_the_message(start_agent):
    with start_agent(*OPTIONS) as agent:
        result = read(agent, MOTD)
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip("\n").endswith("8072.9999.9999.1.0 = Patch night: Friday")


@pytest.mark.points(1)
def test_only_the_chosen_community_gets_answers(start_agent):
    with start_agent("--community", "lab-ro") as agent:
        good = read(agent, "sysLocation.0", community="lab-ro")
        bad = read(agent, "sysLocation.0", community="public")
    assert good.returncode == 0, good.stderr
    assert good.stdout == "SNMPv2-MIB::sysLocation.0 = Somewhere in the lab\n"
    assert "No SNMP response" in testing.assert_one_line_error(bad, 1)


async def _walk(port):
    engine = SnmpEngine()
    rows = {}
    try:
        target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=2, retries=1)
        async for error_indication, error_status, _, var_binds in walk_cmd(
            engine, CommunityData("public"), target, ContextData(),
            ObjectType(ObjectIdentity("1.3.6.1.2.1.1")), lexicographicMode=False,
        ):  # fmt: skip
            assert not error_indication and not error_status, error_indication
            rows.update((str(name), str(value)) for name, value in var_binds)
    finally:
        engine.close_dispatcher()
    return rows


@pytest.mark.points(1)
def test_walk_works_and_sigterm_stops_cleanly(start_agent):
    with start_agent(*OPTIONS) as agent:
        rows = asyncio.run(_walk(agent.port))
        status = agent.stop()
        stderr = agent.stderr_text()
    assert rows["1.3.6.1.2.1.1.6.0"] == "Room 101, building B" and len(rows) >= 7
    assert status == 0 and "Traceback" not in stderr
