"""Real protocol exchanges, one per service, with the standard library only (so the Vagrant
VMs need no pip packages to check themselves). Each check returns a short detail or raises."""

from __future__ import annotations

import ftplib
import imaplib
import os
import poplib
import random
import smtplib
import socket
import ssl
import struct
from collections.abc import Callable
from dataclasses import dataclass
from http import client as httpclient

TIMEOUT = 3.0


@dataclass(frozen=True)
class Target:
    address: str
    port: int
    fqdn: str
    domain: str
    ca_file: str
    user: str
    password: str
    settings: dict[str, str]

    def tls(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=self.ca_file)
        context.check_hostname = False  # the certificates name both the fqdn and the address
        return context


def smtp(t: Target) -> str:
    with smtplib.SMTP(t.address, t.port, timeout=TIMEOUT) as client:
        client.ehlo("labnet-check")
        if not client.has_extn("starttls"):
            raise RuntimeError("no STARTTLS offered")
        client.starttls(context=t.tls())
        client.ehlo("labnet-check")
    return "banner, EHLO, STARTTLS"


def submission(t: Target) -> str:
    with smtplib.SMTP(t.address, t.port, timeout=TIMEOUT) as client:
        client.ehlo("labnet-check")
        client.starttls(context=t.tls())
        client.ehlo("labnet-check")
        client.login(t.user, t.password)
    return "STARTTLS, AUTH (dovecot SASL)"


def pop3(t: Target) -> str:
    client = poplib.POP3(t.address, t.port, timeout=TIMEOUT)
    return _pop3_login(client, t)


def pop3s(t: Target) -> str:
    client = poplib.POP3_SSL(t.address, t.port, timeout=TIMEOUT, context=t.tls())
    return _pop3_login(client, t) + " over TLS"


def _pop3_login(client: poplib.POP3, t: Target) -> str:
    try:
        client.user(t.user)
        client.pass_(t.password)
        count, _size = client.stat()
    finally:
        client.quit()
    return f"login, {count} messages"


def imap(t: Target) -> str:
    with imaplib.IMAP4(t.address, t.port, timeout=TIMEOUT) as client:
        return _imap_login(client, t)


def imaps(t: Target) -> str:
    with imaplib.IMAP4_SSL(t.address, t.port, ssl_context=t.tls(), timeout=TIMEOUT) as client:
        return _imap_login(client, t) + " over TLS"


def _imap_login(client: imaplib.IMAP4, t: Target) -> str:
    client.login(t.user, t.password)
    _typ, data = client.select("INBOX", readonly=True)
    client.logout()
    return f"login, INBOX {data[0].decode()} messages"


def ssh(t: Target) -> str:
    with socket.create_connection((t.address, t.port), timeout=TIMEOUT) as sock:
        banner = sock.recv(256).decode(errors="replace").strip()
    if not banner.startswith("SSH-2.0-"):
        raise RuntimeError(f"unexpected banner {banner!r}")
    return banner


def ftp(t: Target) -> str:
    with ftplib.FTP(timeout=TIMEOUT) as client:
        welcome = client.connect(t.address, t.port)
        client.login()  # anonymous
        names = client.nlst("/pub")
    return f"{welcome[:3]} banner, anonymous login, /pub has {len(names)} entries"


def smb(t: Target) -> str:
    # SMB2 NEGOTIATE over direct TCP (port 445), dialects 2.02 and 2.10
    dialects = struct.pack("<2H", 0x0202, 0x0210)
    header = b"\xfeSMB" + struct.pack("<HHIHHIIQIIQ16s", 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, b"")
    body = struct.pack("<HHHHI16sIHH", 36, 2, 1, 0, 0, os.urandom(16), 0, 0, 0) + dialects
    message = header + body
    with socket.create_connection((t.address, t.port), timeout=TIMEOUT) as sock:
        sock.sendall(struct.pack(">I", len(message)) + message)
        reply = _recv_exact(sock, 4 + 64 + 8)
    if reply[4:8] != b"\xfeSMB":
        raise RuntimeError("no SMB2 reply to NEGOTIATE")
    status = struct.unpack("<I", reply[12:16])[0]
    dialect = struct.unpack("<H", reply[4 + 64 + 4 : 4 + 64 + 6])[0]
    if status != 0:
        raise RuntimeError(f"NEGOTIATE status 0x{status:08x}")
    return f"SMB2 NEGOTIATE, dialect 0x{dialect:04x}"


def dns(t: Target) -> str:
    qid = random.randrange(65536)
    name = t.fqdn  # the DNS host's own name
    question = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    query = struct.pack(">6H", qid, 0x0000, 1, 0, 0, 0) + question + struct.pack(">2H", 1, 1)
    reply = _udp(t, query)
    rid, flags, _qd, answers = struct.unpack(">4H", reply[:8])
    if rid != qid or flags & 0x000F or not answers or not flags & 0x0400:
        raise RuntimeError(f"bad answer (rcode {flags & 0xF}, {answers} answers)")
    offset = _skip_name(reply, 12) + 4  # the question
    offset = _skip_name(reply, offset)  # the first answer's owner name
    rtype, _class, _ttl, length = struct.unpack(">HHIH", reply[offset : offset + 10])
    rdata = reply[offset + 10 : offset + 10 + length]
    if rtype != 1 or length != 4:
        raise RuntimeError(f"first answer has type {rtype}, not A")
    return f"{name} A {socket.inet_ntoa(rdata)} (authoritative)"


def _skip_name(message: bytes, offset: int) -> int:
    while True:
        length = message[offset]
        if length == 0:
            return offset + 1
        if length & 0xC0 == 0xC0:  # compression pointer
            return offset + 2
        offset += 1 + length


def ntp(t: Target) -> str:
    reply = _udp(t, b"\x23" + 47 * b"\0")  # LI 0, version 4, mode 3 (client)
    mode, stratum = reply[0] & 7, reply[1]
    if mode != 4 or not 0 < stratum < 16:
        raise RuntimeError(f"mode {mode}, stratum {stratum}: not synchronised yet")
    return f"NTP v4 reply, stratum {stratum}"


def snmp(t: Target) -> str:
    # GetRequest v2c for sysName.0 (1.3.6.1.2.1.1.5.0)
    community = t.settings.get("snmp_community", "public").encode()
    oid = bytes([0x2B, 6, 1, 2, 1, 1, 5, 0])
    varbind = _ber(0x30, _ber(0x30, _ber(0x06, oid) + b"\x05\x00"))
    request_id = random.randrange(1, 2**31)
    pdu = _ber(
        0xA0, _ber(0x02, request_id.to_bytes(4, "big")) + b"\x02\x01\x00\x02\x01\x00" + varbind
    )
    message = _ber(0x30, b"\x02\x01\x01" + _ber(0x04, community) + pdu)
    reply = _udp(t, message)
    marker = _ber(0x06, oid) + b"\x04"
    if b"\xa2" not in reply or marker not in reply:
        raise RuntimeError("no GetResponse for sysName.0")
    value = reply[reply.index(marker) + len(marker) :]
    return f"sysName.0 = {value[1 : 1 + value[0]].decode(errors='replace')}"


def ldap(t: Target) -> str:
    dn = t.settings.get("ldap_user_dn", "").encode()
    password = t.settings.get("ldap_user_password", "").encode()
    bind = _ber(0x60, b"\x02\x01\x03" + _ber(0x04, dn) + _ber(0x80, password))
    message = _ber(0x30, b"\x02\x01\x01" + bind)
    with socket.create_connection((t.address, t.port), timeout=TIMEOUT) as sock:
        sock.sendall(message)
        reply = sock.recv(4096)
    # 30 len 02 01 01 61 len 0a 01 <resultCode>
    position = reply.find(b"\x61")
    if position < 0 or reply[position + 2 : position + 4] != b"\x0a\x01":
        raise RuntimeError("no BindResponse")
    code = reply[position + 4]
    if code != 0:
        raise RuntimeError(f"simple bind failed, resultCode {code}")
    return f"simple bind as {dn.decode()}"


def http(t: Target) -> str:
    return _http_get(httpclient.HTTPConnection(t.address, t.port, timeout=TIMEOUT), "/")


def https(t: Target) -> str:
    connection = httpclient.HTTPSConnection(t.address, t.port, timeout=TIMEOUT, context=t.tls())
    return _http_get(connection, "/") + " over TLS (lab CA)"


def s3(t: Target) -> str:
    connection = httpclient.HTTPConnection(t.address, t.port, timeout=TIMEOUT)
    detail = _http_get(connection, "/", expect=b"ListAllMyBucketsResult")
    return detail.replace("GET /", "S3 ListBuckets")


def _http_get(connection: httpclient.HTTPConnection, path: str, expect: bytes = b"") -> str:
    try:
        connection.request("GET", path, headers={"User-Agent": "labnet-check"})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    if response.status != 200 or expect not in body:
        raise RuntimeError(f"GET {path}: HTTP {response.status}")
    return f"GET {path} 200 ({len(body)} bytes)"


def _ber(tag: int, content: bytes) -> bytes:
    length = len(content)
    if length < 0x80:
        return bytes([tag, length]) + content
    encoded = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(encoded)]) + encoded + content


def _udp(t: Target, payload: bytes) -> bytes:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(1.0)
        sock.connect((t.address, t.port))
        sock.send(payload)
        return sock.recv(4096)


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise RuntimeError("connection closed")
        data += chunk
    return data


CHECKS: dict[str, Callable[[Target], str]] = {
    "smtp": smtp,
    "submission": submission,
    "pop3": pop3,
    "pop3s": pop3s,
    "imap": imap,
    "imaps": imaps,
    "ssh": ssh,
    "ftp": ftp,
    "smb": smb,
    "dns": dns,
    "ntp": ntp,
    "snmp": snmp,
    "ldap": ldap,
    "http": http,
    "https": https,
    "s3": s3,
}
