"""LDAP and SMB fixtures for lab 05: a private slapd and a private smbd on 127.0.0.1.

``ldap_server`` is a fresh slapd per test holding the book's tree (loaded from
vagrant/seed/ldap/book.ldif), ``smb_server`` a fresh smbd per test with the share
``Share`` (test.rtf) and the user ``student``/``secret``. They run the lab's own
``ldap_server.LdapServer`` and ``smb_server.SmbServer``, so the tests and the
walkthrough share one implementation. Without the daemon the test is skipped with the
apt command, or fails under ``LABNET_REQUIRED=1``.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path

import ldap3
import pytest

from labkit.grading import REQUIRED_ENV, prerequisite_required

__all__ = ["ldap_server", "smb_server"]

# The one person of the book's tree; the password is set in book.ldif.
FSARKER_DN = "cn=Faruque Sarker,ou=users,dc=localdomain,dc=loc"
FSARKER_PASSWORD = "sarkerpw"
USERS_BASE = "ou=users,dc=localdomain,dc=loc"


def _require(found: bool, hint: str) -> None:
    if not found:
        if prerequisite_required():
            pytest.fail(f"{hint} ({REQUIRED_ENV}=1)", pytrace=False)
        pytest.skip(hint)


def require_slapd() -> None:
    """Skip (or fail, under LABNET_REQUIRED=1) when slapd is not installed."""
    import ldap_server as lab

    _require(bool(lab.find_program("slapd") and lab.find_program("slapadd")), lab.INSTALL_HINT)


def require_smbd() -> None:
    """Skip (or fail, under LABNET_REQUIRED=1) when Samba's smbd is not installed."""
    import smb_server as lab

    _require(bool(lab.find_program("smbd") and lab.find_program("pdbedit")), lab.INSTALL_HINT)


class RunningLdap:
    """What a test needs to talk to the fixture's slapd."""

    def __init__(self, server):
        self.server = server
        self.host, self.port, self.url = server.host, server.port, server.url
        self.suffix = server.suffix
        self.users_base = USERS_BASE
        self.admin_dn, self.admin_password = server.admin_dn, server.admin_password
        self.user_dn, self.user_password = FSARKER_DN, FSARKER_PASSWORD

    def connection(self, user: str | None = None, password: str | None = None):
        """A bound ldap3 connection: anonymous, or as ``user`` (the caller unbinds)."""
        server = ldap3.Server(self.host, port=self.port, get_info=ldap3.NONE, connect_timeout=5)
        connection = ldap3.Connection(server, user, password, receive_timeout=5)
        assert connection.bind(), connection.result
        return connection

    def admin(self):
        return self.connection(self.admin_dn, self.admin_password)

    def add_person(self, uid: str, password: str, cn: str, sn: str, number: int) -> str:
        """Add a person under ou=users as the administrator; return the new DN."""
        dn = f"cn={cn},{self.users_base}"
        attributes = {
            "cn": cn,
            "sn": sn,
            "uid": uid,
            "uidNumber": number,
            "gidNumber": 501,
            "homeDirectory": f"/home/users/{uid}",
            "userPassword": password,
        }
        connection = self.admin()
        try:
            assert connection.add(dn, ["inetOrgPerson", "posixAccount"], attributes), (
                connection.result
            )
        finally:
            connection.unbind()
        return dn

    def find(self, search_filter: str, attributes=("*",), base: str | None = None):
        """``{dn: {attribute: [values]}}`` of what an anonymous subtree search finds."""
        connection = self.connection()
        try:
            connection.search(base or self.suffix, search_filter, attributes=list(attributes))
            return {
                entry["dn"]: dict(entry["attributes"])
                for entry in connection.response
                if entry["type"] == "searchResEntry"
            }
        finally:
            connection.unbind()


@pytest.fixture
def ldap_server():
    """A fresh slapd with the book's tree for this test; stopped and removed afterwards."""
    import ldap_server as lab

    require_slapd()
    directory = tempfile.mkdtemp(prefix="ldap-")
    server = lab.LdapServer(directory)
    try:
        server.load()
        server.start()
        yield RunningLdap(server)
    finally:
        server.stop(grace=2)
        shutil.rmtree(directory, ignore_errors=True)


class RunningSmb:
    """What a test needs to talk to the fixture's smbd."""

    def __init__(self, server, seed: Path):
        self.server = server
        self.host, self.port = server.host, server.port
        self.user, self.password = server.user, server.password
        self.share, self.share_dir = server.share, server.share_dir
        self.test_rtf = (seed / "test.rtf").read_bytes()

    def connection(self, password: str | None = None):
        """A logged-in pysmb connection (the caller closes it)."""
        from smb.SMBConnection import SMBConnection

        connection = SMBConnection(
            self.user, password or self.password, "TESTCLIENT", "LABSMB",
            domain="WORKGROUP", use_ntlm_v2=True, is_direct_tcp=True,
        )  # fmt: skip
        assert connection.connect(self.host, self.port, timeout=5), "login failed"
        return connection

    def read(self, path: str) -> bytes:
        """The bytes of ``path`` in the share, fetched over SMB."""
        connection = self.connection()
        try:
            buffer = io.BytesIO()
            connection.retrieveFile(self.share, path, buffer, timeout=5)
            return buffer.getvalue()
        finally:
            connection.close()


@pytest.fixture
def smb_server():
    """A fresh smbd with Share/test.rtf and student/secret; stopped and removed afterwards."""
    import smb_server as lab

    require_smbd()
    directory = tempfile.mkdtemp(prefix="smb-")  # short: smbd's sockets live under it
    server = lab.SmbServer(directory)
    try:
        server.start()
        yield RunningSmb(server, lab.SHARE_SEED)
    finally:
        server.stop(grace=2)
        shutil.rmtree(directory, ignore_errors=True)
