"""infra: DNS (bind9), NTP (chrony), SNMP (snmpd), LDAP (slapd)."""

import asyncio
import subprocess

import dns.message
import dns.query
import dns.resolver
import dns.reversename
import ldap3
import ntplib
import pytest
from ldap3.core.exceptions import LDAPBindError

from .labnet_cli import cli

pytestmark = pytest.mark.labnet


@pytest.fixture(scope="module")
def resolver(infra):
    r = dns.resolver.Resolver(configure=False)
    r.nameservers = [infra.address]
    r.port = infra.port("dns")
    r.lifetime = 5
    return r


def test_dns_records(resolver, lab):
    hosts = {name: lab.host(name).address for name in ("mail", "files", "infra", "www")}
    for name, address in hosts.items():
        assert [a.address for a in resolver.resolve(f"{name}.lab.test", "A")] == [address]
    assert str(resolver.resolve("lab.test", "MX")[0].exchange) == "mail.lab.test."
    assert str(resolver.resolve("lab.test", "SOA")[0].mname) == "ns1.lab.test."
    assert resolver.resolve("lab.test", "NS")
    assert resolver.resolve("ftp.lab.test", "CNAME")[0].target.to_text() == "files.lab.test."
    assert "hello from lab dns" in resolver.resolve("www.lab.test", "TXT")[0].to_text()
    for name, address in hosts.items():
        ptr = resolver.resolve(dns.reversename.from_address(address), "PTR")
        assert ptr[0].target.to_text() == f"{name}.lab.test."
    with pytest.raises(dns.resolver.NXDOMAIN):
        resolver.resolve("nothing-here.lab.test", "A")


def test_dns_only_lab_addresses_and_no_recursion(resolver, infra, lab):
    import ipaddress

    subnet = ipaddress.ip_network(lab.settings["subnet"])
    axfr = dns.query.xfr(infra.address, "lab.test", port=infra.port("dns"), lifetime=5)
    for message in axfr:
        for rrset in message.answer:
            if rrset.rdtype == 1:
                assert all(ipaddress.ip_address(r.address) in subnet for r in rrset)
    query = dns.message.make_query("example.com", "A")
    reply = dns.query.udp(query, infra.address, port=infra.port("dns"), timeout=5)
    assert not reply.answer  # recursion is off: nothing leaves the lab


def test_dig(infra):
    out = cli("dig", "+short", "+time=2", f"@{infra.address}", "mail.lab.test", "A")
    assert out.strip() == "192.168.56.10" or out.strip().startswith("192.168.")


def test_ntp(infra):
    reply = ntplib.NTPClient().request(infra.address, port=infra.port("ntp"), version=4, timeout=3)
    assert reply.stratum == 8
    assert abs(reply.offset) < 1


async def _snmp_get(address, port, community, oid):
    from pysnmp.hlapi.v3arch.asyncio import (
        CommunityData,
        ContextData,
        ObjectIdentity,
        ObjectType,
        SnmpEngine,
        UdpTransportTarget,
        get_cmd,
    )

    engine = SnmpEngine()
    try:
        target = await UdpTransportTarget.create((address, port), timeout=1, retries=0)
        return await get_cmd(
            engine, CommunityData(community, mpModel=1), target, ContextData(),
            ObjectType(ObjectIdentity(*oid)),
        )  # fmt: skip
    finally:
        engine.close_dispatcher()


async def _snmp_walk(address, port):
    from pysnmp.hlapi.v3arch.asyncio import (
        CommunityData,
        ContextData,
        ObjectIdentity,
        ObjectType,
        SnmpEngine,
        UdpTransportTarget,
        walk_cmd,
    )

    engine = SnmpEngine()
    rows = []
    try:
        target = await UdpTransportTarget.create((address, port), timeout=2, retries=1)
        async for error_indication, error_status, _index, binds in walk_cmd(
            engine, CommunityData("public", mpModel=1), target, ContextData(),
            ObjectType(ObjectIdentity("1.3.6.1.2.1.1")), lexicographicMode=False,
        ):  # fmt: skip
            assert not error_indication and not error_status
            rows += binds
    finally:
        engine.close_dispatcher()
    return rows


def test_snmp_get_and_walk(infra):
    port = infra.port("snmp")
    error, status, _index, binds = asyncio.run(
        _snmp_get(infra.address, port, "public", ("SNMPv2-MIB", "sysName", 0))
    )
    assert not error and not status
    assert str(binds[0][1]) == "infra.lab.test"
    rows = asyncio.run(_snmp_walk(infra.address, port))
    values = {str(name): str(value) for name, value in rows}
    assert values["1.3.6.1.2.1.1.6.0"] == "Lab network, rack 1"  # sysLocation
    assert values["1.3.6.1.2.1.1.4.0"] == "admin@lab.test"  # sysContact
    assert values["1.3.6.1.2.1.1.1.0"].startswith("Lab network SNMP agent")


def test_snmp_wrong_community_times_out(infra):
    error, _status, _index, _binds = asyncio.run(
        _snmp_get(infra.address, infra.port("snmp"), "private", ("SNMPv2-MIB", "sysName", 0))
    )
    assert error  # no answer for an unknown community


def test_snmpget_cli(infra):
    out = cli("snmpget", "-m", "", "-v2c", "-c", "public", "-t", "2", "-r", "1",
              f"{infra.address}:{infra.port('snmp')}", "1.3.6.1.2.1.1.5.0")  # fmt: skip
    assert "infra.lab.test" in out


def _server(infra):
    return ldap3.Server(infra.address, port=infra.port("ldap"), get_info=ldap3.NONE,
                        connect_timeout=5)  # fmt: skip


def test_ldap_bind_and_search(infra, lab):
    dn, password = lab.settings["ldap_user_dn"], lab.settings["ldap_user_password"]
    with ldap3.Connection(_server(infra), dn, password, auto_bind=True, receive_timeout=5) as c:
        assert c.extend.standard.who_am_i() == f"dn:{dn}"
        c.search("dc=lab,dc=test", "(uid=alice)", attributes=["mail", "uidNumber"])
        assert c.entries[0].mail.value == "alice@lab.test"


def test_ldap_book_tree_anonymous_read(infra, lab):
    with ldap3.Connection(_server(infra), auto_bind=True, receive_timeout=5) as c:
        c.search("ou=users,dc=localdomain,dc=loc", "(objectclass=person)",
                 attributes=["sn", "uidNumber", "userPassword"])  # fmt: skip
        assert len(c.entries) == 1
        entry = c.entries[0]
        assert entry.entry_dn == "cn=Faruque Sarker,ou=users,dc=localdomain,dc=loc"
        assert entry.sn.value == "Sarker" and int(entry.uidNumber.value) == 1001
        assert not entry.userPassword.values  # anonymous never reads passwords
        c.search("dc=localdomain,dc=loc", "(objectclass=*)")
        assert len(c.entries) == 6
    book_dn = lab.settings["ldap_book_user_dn"]
    with ldap3.Connection(_server(infra), book_dn, lab.settings["ldap_book_user_password"]) as c:
        assert c.bind()


def test_ldap_wrong_password_and_dn_only_bind(infra, lab):
    dn = lab.settings["ldap_user_dn"]
    with pytest.raises(LDAPBindError):
        ldap3.Connection(_server(infra), dn, "wrong", auto_bind=True, receive_timeout=5)
    # the book's DN-only bind (a DN, no password) is an unauthenticated bind: refused (53)
    proc = subprocess.run(
        ["ldapwhoami", "-x", "-o", "nettimeout=5", "-H",
         f"ldap://{infra.address}:{infra.port('ldap')}", "-D", dn, "-w", ""],
        capture_output=True, text=True, timeout=20, check=False,
    )  # fmt: skip
    assert proc.returncode == 53, proc.stderr


def test_ldapsearch_cli(infra):
    out = cli("ldapsearch", "-x", "-o", "nettimeout=5", "-H",
              f"ldap://{infra.address}:{infra.port('ldap')}", "-b", "dc=localdomain,dc=loc",
              "-LLL", "(uid=fsarker)", "uidNumber")  # fmt: skip
    assert "uidNumber: 1001" in out
