"""snmp_agent_server.py: the lab's pysnmp agent, read with pysnmp and with net-snmp's snmpget."""

import asyncio
import shutil
import subprocess

import pytest
from pysnmp.hlapi.v3arch.asyncio import (
    CommunityData,
    ContextData,
    ObjectIdentity,
    ObjectType,
    SnmpEngine,
    UdpTransportTarget,
    bulk_walk_cmd,
    get_cmd,
    walk_cmd,
)

from labkit import testing

from .conftest import LAB

SCRIPT = LAB / "snmp_agent_server.py"
SYSTEM = "1.3.6.1.2.1.1"


async def _get(agent, community, *oids):
    engine = SnmpEngine()
    try:
        target = await UdpTransportTarget.create((agent.host, agent.port), timeout=1, retries=0)
        return await get_cmd(engine, CommunityData(community), target, ContextData(),
                             *(ObjectType(ObjectIdentity(oid)) for oid in oids))  # fmt: skip
    finally:
        engine.close_dispatcher()


async def _walk(agent, oid, bulk=False):
    engine = SnmpEngine()
    rows = []
    try:
        target = await UdpTransportTarget.create((agent.host, agent.port), timeout=2, retries=1)
        args = (CommunityData(agent.community), target, ContextData())
        walker = bulk_walk_cmd(engine, *args, 0, 5, ObjectType(ObjectIdentity(oid)),
                               lexicographicMode=False) if bulk else walk_cmd(
            engine, *args, ObjectType(ObjectIdentity(oid)), lexicographicMode=False)  # fmt: skip
        async for error_indication, error_status, _, var_binds in walker:
            assert not error_indication and not error_status
            rows += var_binds
    finally:
        engine.close_dispatcher()
    return rows


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0
    for option in ("--host", "--port", "--community"):
        assert option in result.stdout


def test_sysdescr_is_the_fixed_lab_value(snmp_agent):
    error_indication, error_status, _, var_binds = asyncio.run(
        _get(snmp_agent, "public", "1.3.6.1.2.1.1.1.0")
    )
    assert error_indication is None and not error_status
    [(name, value)] = var_binds
    assert str(name) == "1.3.6.1.2.1.1.1.0"
    assert str(value) == snmp_agent.values["sysDescr"] == "Lab 05 SNMP agent (pysnmp 7) on Linux"


def test_system_values(snmp_agent):
    oids = [f"{SYSTEM}.{n}.0" for n in (4, 5, 6)]  # sysContact, sysName, sysLocation
    _, _, _, var_binds = asyncio.run(_get(snmp_agent, "public", *oids))
    assert [str(value) for _, value in var_binds] == [
        "student@lab.test",
        "lab-agent",
        "Lab 05, loopback",
    ]


@pytest.mark.parametrize("bulk", [False, True], ids=["getnext", "getbulk"])
def test_walk_of_system_returns_the_group_including_sysname(snmp_agent, bulk):
    rows = asyncio.run(_walk(snmp_agent, SYSTEM, bulk))
    names = [str(name) for name, _ in rows]
    assert len(rows) >= 7
    assert all(name.startswith(SYSTEM + ".") for name in names)
    assert dict((str(n), str(v)) for n, v in rows)[f"{SYSTEM}.5.0"] == "lab-agent"


def test_wrong_community_gets_no_answer_not_a_crash(snmp_agent):
    error_indication, _, _, var_binds = asyncio.run(
        _get(snmp_agent, "private", "1.3.6.1.2.1.1.1.0")
    )
    assert str(error_indication) == "No SNMP response received before timeout"
    assert not var_binds
    # and the agent still answers the right community afterwards
    assert asyncio.run(_get(snmp_agent, "public", "1.3.6.1.2.1.1.5.0"))[0] is None


@pytest.mark.skipif(shutil.which("snmpget") is None, reason="apt-get install snmp")
def test_net_snmp_snmpget_reads_sysname_by_number(snmp_agent):
    result = subprocess.run(
        ["snmpget", "-v2c", "-c", "public", "-m", "", "-t", "2", "-r", "0",
         f"{snmp_agent.host}:{snmp_agent.port}", "1.3.6.1.2.1.1.5.0"],
        capture_output=True, text=True, timeout=20, env=testing.script_env({"MIBS": ""}),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith('= STRING: "lab-agent"')


def test_custom_community_and_clean_stop():
    with testing.start_script(SCRIPT, "--port", "0", "--community", "lab", timeout=30) as agent:
        agent.community = "lab"
        error_indication, _, _, var_binds = asyncio.run(_get(agent, "lab", "1.3.6.1.2.1.1.5.0"))
        assert error_indication is None and str(var_binds[0][1]) == "lab-agent"
        error_indication, *_ = asyncio.run(_get(agent, "public", "1.3.6.1.2.1.1.5.0"))
        assert error_indication is not None
        assert agent.stop() == 0
        assert "Traceback" not in agent.stderr_text()


def test_port_in_use_is_one_line_error(snmp_agent):
    result = testing.run_script(SCRIPT, "--port", str(snmp_agent.port))
    assert "cannot listen" in testing.assert_one_line_error(result, 1)


def test_bad_port_is_usage_error():
    testing.assert_one_line_error(testing.run_script(SCRIPT, "--port", "70000"), 2)
