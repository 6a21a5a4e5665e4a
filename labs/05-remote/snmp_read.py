"""Read values from an SNMP agent: an SNMPv2c GET with pysnmp 7 (asyncio).

Follows "Reading SNMP data" in chapter 5 of the book (its 5_4_snmp_read.py), which asks
the local snmpd for ``sysDescr.0`` with the community ``public``. Start the lab's agent
first with ``python snmp_agent_server.py`` (UDP port 8161), or point ``--port`` at a real
snmpd.

SNMP runs over UDP: there is no connection to be refused. An agent that is not there and
an agent that does not like your community look the same, no answer at all, so the
client waits ``--timeout`` seconds, retries ``--retries`` times, then gives up with
"No SNMP response received before timeout".

Run it::

    python snmp_read.py                                   # SNMPv2-MIB::sysDescr.0
    python snmp_read.py sysName.0 SNMPv2-MIB::sysUpTime.0 1.3.6.1.2.1.1.6.0
    python snmp_read.py --community private               # times out: wrong community

OIDs are numeric (``1.3.6.1.2.1.1.5.0``), or ``MIB::name.index``; a bare ``name.index``
is looked up in SNMPv2-MIB.

Differences from the book: pysnmp 7 removed the synchronous ``CommandGenerator().getCmd``
and ``MibVariable`` the book uses. ``get_cmd`` is a coroutine now: it runs inside
``asyncio.run``, and the engine's dispatcher is closed at the end, or its socket leaks.
pysnmp 7 also prints ``sysDescr.0`` where the book's screenshot shows ``sysDescr."0"``.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys

from pysnmp.error import PySnmpError
from pysnmp.hlapi.v3arch.asyncio import (
    CommunityData,
    ContextData,
    ObjectIdentity,
    ObjectType,
    SnmpEngine,
    UdpTransportTarget,
    get_cmd,
)
from pysnmp.proto.rfc1905 import EndOfMibView, NoSuchInstance, NoSuchObject

from labkit import cli

DEFAULT_PORT = 8161
DEFAULT_OID = "SNMPv2-MIB::sysDescr.0"
NUMERIC = re.compile(r"\.?\d+(\.\d+)+")
SYMBOLIC = re.compile(r"(?:([A-Za-z][\w-]*)::)?([A-Za-z]\w*)((?:\.\d+)*)")


class SNMPError(Exception):
    """The agent did not answer, or answered with an error status."""


def parse_oid(text: str) -> ObjectIdentity:
    """``1.3.6.1.2.1.1.5.0``, ``SNMPv2-MIB::sysName.0`` or ``sysName.0`` -> ObjectIdentity."""
    if NUMERIC.fullmatch(text):
        return ObjectIdentity(text.lstrip("."))
    match = SYMBOLIC.fullmatch(text)
    if not match:
        raise argparse.ArgumentTypeError(f"not an OID: {text!r}")
    mib, name, index = match.groups()
    indices = [int(part) for part in index.split(".") if part]
    return ObjectIdentity(mib or "SNMPv2-MIB", name, *indices)


async def snmp_get(
    host: str,
    port: int,
    community: str,
    oids: list[ObjectIdentity],
    timeout: float = 5.0,
    retries: int = 0,
) -> list[ObjectType]:
    """One GET request for ``oids``; returns the (name, value) pairs of the response."""
    snmp_engine = SnmpEngine()
    try:
        target = await UdpTransportTarget.create((host, port), timeout=timeout, retries=retries)
        error_indication, error_status, error_index, var_binds = await get_cmd(
            snmp_engine,
            CommunityData(community),  # mpModel=1 (the default): SNMPv2c
            target,
            ContextData(),
            *(ObjectType(oid) for oid in oids),
        )
    finally:
        snmp_engine.close_dispatcher()  # without it, the engine's UDP socket leaks
    if error_indication:  # no answer, or a malformed one
        raise SNMPError(str(error_indication))
    if error_status:  # the agent answered with an error, about one of the OIDs
        where = var_binds[int(error_index) - 1][0] if error_index else "?"
        raise SNMPError(f"{error_status.prettyPrint()} at {where}")
    return list(var_binds)


def missing(value) -> bool:
    """True for the v2c "there is nothing here" values (noSuchObject and friends)."""
    return isinstance(value, NoSuchObject | NoSuchInstance | EndOfMibView)


def describe_pysnmp_error(exc: PySnmpError) -> str:
    """pysnmp's message, without the object reprs and the "caused by" chain it appends."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    text = re.sub(r" at <[^>]*>", "", text)
    return text.split(" caused by ")[0]


def parse_args(argv):
    parser = cli.ArgumentParser(description="Read values from an SNMP agent (SNMPv2c GET).")
    parser.add_argument(
        "oids",
        metavar="OID",
        nargs="*",
        type=parse_oid,
        help=f"what to read (default: {DEFAULT_OID})",
    )
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument("--community", default="public", help="community string (default: public)")
    cli.add_timeout(parser, default=2.0)
    parser.add_argument(
        "--retries", type=int, choices=range(6), default=0, help="resend how often (default: 0)"
    )
    args = parser.parse_args(argv)
    args.oids = args.oids or [parse_oid(DEFAULT_OID)]
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    request = snmp_get(args.host, args.port, args.community, args.oids, args.timeout, args.retries)
    try:
        var_binds = asyncio.run(request)
    except SNMPError as exc:
        return cli.error(f"{args.host}:{args.port}: {exc}")
    except PySnmpError as exc:  # an unknown name, an unusable address...
        return cli.error(describe_pysnmp_error(exc))
    for var_bind in var_binds:
        print(var_bind.prettyPrint())  # SNMPv2-MIB::sysDescr.0 = ...
    absent = [str(name.prettyPrint()) for name, value in var_binds if missing(value)]
    if absent:
        return cli.error(f"no such object: {', '.join(absent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
