"""Exercise 5, reference solution: an SNMP poller (get, walk, --json) with pysnmp 7."""

from __future__ import annotations

import asyncio
import json
import sys

from pyasn1.type import univ
from pysnmp.hlapi.v3arch.asyncio import (
    CommunityData,
    ContextData,
    ObjectIdentity,
    ObjectType,
    SnmpEngine,
    UdpTransportTarget,
    get_cmd,
    walk_cmd,
)
from pysnmp.proto.rfc1905 import EndOfMibView, NoSuchInstance, NoSuchObject

from labkit import cli


class SNMPError(Exception):
    """The agent did not answer, or answered with an error status."""


def python_value(value) -> int | str | None:
    """A pysnmp value as Python: an int for numbers (Integer, Counter32, TimeTicks...),
    None for "nothing there" (noSuchObject...), else its text (strings, OIDs)."""
    if isinstance(value, NoSuchObject | NoSuchInstance | EndOfMibView):
        return None
    if isinstance(value, univ.Integer):  # every SNMP number type derives from it
        return int(value)
    return value.prettyPrint()


def check(error_indication, error_status, error_index) -> None:
    if error_indication:
        raise SNMPError(str(error_indication))
    if error_status:
        raise SNMPError(f"{error_status.prettyPrint()} (index {error_index})")


async def _get(host, port, oids, community, timeout):
    engine = SnmpEngine()
    try:
        target = await UdpTransportTarget.create((host, port), timeout=timeout, retries=0)
        error_indication, error_status, error_index, var_binds = await get_cmd(
            engine,
            CommunityData(community),
            target,
            ContextData(),
            *(ObjectType(ObjectIdentity(oid)) for oid in oids),
        )
    finally:
        engine.close_dispatcher()
    check(error_indication, error_status, error_index)
    return {str(name): python_value(value) for name, value in var_binds}


async def _walk(host, port, oid, community, timeout):
    engine = SnmpEngine()
    values = {}
    try:
        target = await UdpTransportTarget.create((host, port), timeout=timeout, retries=0)
        async for error_indication, error_status, error_index, var_binds in walk_cmd(
            engine,
            CommunityData(community),
            target,
            ContextData(),
            ObjectType(ObjectIdentity(oid)),
            lexicographicMode=False,
        ):
            check(error_indication, error_status, error_index)
            values.update((str(name), python_value(value)) for name, value in var_binds)
    finally:
        engine.close_dispatcher()
    return values


def get(
    host: str, port: int, oids: list[str], community: str = "public", timeout: float = 2.0
) -> dict[str, int | str | None]:
    """``{oid: value}`` for the numeric ``oids``, from one SNMPv2c GET."""
    return asyncio.run(_get(host, port, oids, community, timeout))


def walk(
    host: str, port: int, oid: str, community: str = "public", timeout: float = 2.0
) -> dict[str, int | str | None]:
    """``{oid: value}`` for every OID in the subtree under ``oid``."""
    return asyncio.run(_walk(host, port, oid, community, timeout))


def parse_args(argv):
    parser = cli.ArgumentParser(description="Poll an SNMP agent: get or walk, text or JSON.")
    cli.add_host_port(parser, "127.0.0.1", 8161)
    parser.add_argument("--community", default="public", help="community (default: public)")
    cli.add_timeout(parser, default=2.0)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("command", choices=["get", "walk"], help="get OID..., or walk OID")
    parser.add_argument("oids", metavar="OID", nargs="+", help="numeric OIDs")
    args = parser.parse_args(argv)
    if args.command == "walk" and len(args.oids) != 1:
        parser.error("walk takes one OID")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        if args.command == "get":
            values = get(args.host, args.port, args.oids, args.community, args.timeout)
        else:
            values = walk(args.host, args.port, args.oids[0], args.community, args.timeout)
    except SNMPError as exc:
        return cli.error(f"{args.host}:{args.port}: {exc}")
    if args.json:
        return cli.print_output(json.dumps(values, indent=2))
    return cli.print_output("\n".join(f"{oid} = {value}" for oid, value in values.items()))


if __name__ == "__main__":
    sys.exit(main())
