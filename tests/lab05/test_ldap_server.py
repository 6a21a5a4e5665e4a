"""ldap_server.py: slapd with the book's tree, its access rules, and the script itself."""

from __future__ import annotations

import signal
import socket

import ldap3
import pytest

from labkit import testing

from .conftest import LAB
from .fixtures_ldap_smb import FSARKER_DN, FSARKER_PASSWORD, require_slapd

SCRIPT = LAB / "ldap_server.py"


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0
    assert "--admin-password-env" in result.stdout and "--ldif" in result.stdout


def test_the_books_six_entries_are_there(ldap_server):
    found = ldap_server.find("(objectClass=*)", attributes=["objectClass"])
    assert sorted(found) == sorted(
        [
            "dc=localdomain,dc=loc",
            "cn=admin,dc=localdomain,dc=loc",
            "ou=users,dc=localdomain,dc=loc",
            "ou=groups,dc=localdomain,dc=loc",
            "cn=admin,ou=groups,dc=localdomain,dc=loc",
            FSARKER_DN,
        ]
    )


def test_faruque_is_a_posix_account(ldap_server):
    [attributes] = ldap_server.find("(uid=fsarker)").values()
    assert attributes["uidNumber"] == ["1001"] and attributes["gidNumber"] == ["501"]
    assert attributes["homeDirectory"] == ["/home/users/fsarker"]
    assert attributes["loginShell"] == ["/bin/sh"]
    assert {"inetOrgPerson", "posixAccount"} <= set(attributes["objectClass"])


def test_anonymous_readers_do_not_see_passwords(ldap_server):
    [attributes] = ldap_server.find("(uid=fsarker)", attributes=["userPassword"]).values()
    assert attributes["userPassword"] == []


def test_a_user_bind_works_and_shows_the_own_password(ldap_server):
    connection = ldap_server.connection(FSARKER_DN, FSARKER_PASSWORD)
    try:
        assert connection.extend.standard.who_am_i() == f"dn:{FSARKER_DN}"
        connection.search(FSARKER_DN, "(objectClass=*)", attributes=["userPassword"])
        assert connection.response[0]["attributes"]["userPassword"] == ["sarkerpw"]
    finally:
        connection.unbind()


def test_a_wrong_password_is_invalid_credentials(ldap_server):
    server = ldap3.Server(ldap_server.host, port=ldap_server.port, get_info=ldap3.NONE)
    connection = ldap3.Connection(server, FSARKER_DN, "wrong", receive_timeout=5)
    try:
        assert connection.bind() is False
        assert connection.result["description"] == "invalidCredentials"
    finally:
        connection.unbind()


def ber(tag: int, body: bytes) -> bytes:
    """One BER element with a short-form length (enough for these small messages)."""
    assert len(body) < 128
    return bytes([tag, len(body)]) + body


def test_the_books_dn_only_bind_is_refused(ldap_server):
    """simple_bind(DN) without a password: an unauthenticated bind, resultCode 53.

    ldap3 refuses to send it, so the BindRequest is written by hand:
    SEQUENCE { messageID 1, [APPLICATION 0] { version 3, name DN, simple [0] "" } }.
    """
    dn = b"dc=localdomain,dc=loc"
    bind = ber(0x60, ber(0x02, b"\x03") + ber(0x04, dn) + ber(0x80, b""))
    request = ber(0x30, ber(0x02, b"\x01") + bind)
    with socket.create_connection((ldap_server.host, ldap_server.port), timeout=5) as sock:
        sock.sendall(request)
        reply = sock.recv(1000)
    # SEQUENCE, messageID 1, [APPLICATION 1] BindResponse { resultCode ENUMERATED 53 ...
    assert reply[5] == 0x61, reply.hex()
    assert reply[7:10] == b"\x0a\x01\x35", f"resultCode {reply[9]}, expected 53"


def test_the_administrator_may_write(ldap_server):
    dn = ldap_server.add_person("jdoe", "jdoepw", "Jane Doe", "Doe", 1002)
    assert ldap_server.find("(uid=jdoe)", attributes=["sn"]) == {dn: {"sn": ["Doe"]}}


def test_anonymous_users_may_not_write(ldap_server):
    connection = ldap_server.connection()
    try:
        assert not connection.add(f"ou=x,{ldap_server.suffix}", ["organizationalUnit"])
        assert connection.result["description"] in (
            "strongerAuthRequired",
            "insufficientAccessRights",
        )
    finally:
        connection.unbind()


def test_the_script_serves_until_sigterm(tmp_path):
    require_slapd()
    state = tmp_path / "state"
    with testing.start_script(SCRIPT, "--port", "0", "--dir", state) as server:
        assert any("6 entries" in line for line in server.lines)
        connection = ldap3.Connection(
            ldap3.Server(server.host, port=server.port, get_info=ldap3.NONE),
            auto_bind=True,
            receive_timeout=5,
        )
        connection.search("dc=localdomain,dc=loc", "(uid=fsarker)", attributes=["sn"])
        assert connection.entries[0].sn.value == "Sarker"
        connection.unbind()
        server.proc.send_signal(signal.SIGTERM)
        assert server.proc.wait(10) == 0
    assert (state / "slapd.conf").is_file()  # --dir is kept ...
    assert not (state / "slapd.pid").exists()  # ... and slapd is gone


def binds(server, dn: str, password: str) -> bool:
    connection = ldap3.Connection(server, dn, password, receive_timeout=5)
    try:
        return connection.bind()
    finally:
        connection.unbind()


def test_the_admin_password_comes_from_the_environment(tmp_path):
    require_slapd()
    with testing.start_script(
        SCRIPT, "--port", "0", env={"LDAP_ADMIN_PASSWORD": "s3cret-admin"}
    ) as server:
        assert any("password $LDAP_ADMIN_PASSWORD" in line for line in server.lines)
        good = ldap3.Server(server.host, port=server.port, get_info=ldap3.NONE)
        admin = "cn=admin,dc=localdomain,dc=loc"
        assert binds(good, admin, "s3cret-admin")
        assert not binds(good, admin, "adminpw")


def test_a_port_in_use_is_one_line():
    require_slapd()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = testing.run_script(SCRIPT, "--port", taken.getsockname()[1])
    line = testing.assert_one_line_error(result, 1)
    assert "Address already in use" in line


def test_a_broken_ldif_is_one_line(tmp_path):
    require_slapd()
    ldif = tmp_path / "broken.ldif"
    ldif.write_text("dn: dc=other,dc=example\nobjectClass: nosuchclass\n")
    line = testing.assert_one_line_error(
        testing.run_script(SCRIPT, "--port", "0", "--ldif", ldif), 1
    )
    assert "slapadd" in line and "broken.ldif" in line


@pytest.mark.parametrize("args", [["--port", "x"], ["--ldif", "/no/such.ldif"]])
def test_bad_arguments_are_usage_errors(args):
    testing.assert_one_line_error(testing.run_script(SCRIPT, *args), 2)
