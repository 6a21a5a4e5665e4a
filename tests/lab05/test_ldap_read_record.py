"""ldap_read_record.py (listing 5_5) against the fixture's slapd, and its failures."""

from __future__ import annotations

import ldap_read_record as reader
import pytest

from labkit import testing

from .conftest import LAB
from .fixtures_ldap_smb import FSARKER_DN, FSARKER_PASSWORD

SCRIPT = LAB / "ldap_read_record.py"
BOOK_RESULT = "[('cn=Faruque Sarker,ou=users,dc=localdomain,dc=loc', {'sn': ['Sarker']})]"


def run(*args, password=None, **kwargs):
    env = {"LAB_PASSWORD": password or ""}
    return testing.run_script(SCRIPT, *args, env=env, **kwargs)


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0
    for option in ("--url", "--bind-dn", "--password-env", "--base", "--filter"):
        assert option in result.stdout


def test_anonymous_search_prints_the_books_result(ldap_server):
    result = run("--url", ldap_server.url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == BOOK_RESULT


def test_search_finds_one_entry_with_sn_sarker(ldap_server):
    connection = reader.connect(ldap_server.url)
    try:
        found = reader.search(connection, reader.DEFAULT_BASE, "(objectclass=person)", ["sn"])
    finally:
        connection.unbind()
    assert found == [(FSARKER_DN, {"sn": ["Sarker"]})]


def test_uid_filter_returns_uid_number_1001(ldap_server):
    result = run("--url", ldap_server.url, "--filter", "(uid=fsarker)", "--attribute", "uidNumber")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"[('{FSARKER_DN}', {{'uidNumber': ['1001']}})]"


def test_a_filter_that_matches_nothing_prints_an_empty_list(ldap_server):
    result = run("--url", ldap_server.url, "--filter", "(uid=nobody)")
    assert result.returncode == 0 and result.stdout.strip() == "[]"


def test_a_user_bind_works(ldap_server):
    connection = reader.connect(ldap_server.url, FSARKER_DN, FSARKER_PASSWORD)
    try:
        assert connection.bound is True
        assert connection.extend.standard.who_am_i() == f"dn:{FSARKER_DN}"
    finally:
        connection.unbind()


def test_bound_as_herself_faruque_sees_her_password(ldap_server):
    """The ACL: userPassword is hidden from anonymous readers, not from its owner."""
    anonymous = run("--url", ldap_server.url, "--attribute", "userPassword")
    assert "'userPassword': []" in anonymous.stdout
    result = run(
        "--url", ldap_server.url, "--bind-dn", FSARKER_DN, "--attribute", "userPassword",
        password=FSARKER_PASSWORD,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "'userPassword': ['sarkerpw']" in result.stdout


def test_the_password_can_come_from_stdin(ldap_server):
    result = testing.run_script(
        SCRIPT, "--url", ldap_server.url, "--bind-dn", FSARKER_DN,
        input=f"{FSARKER_PASSWORD}\n", env={"LAB_PASSWORD": ""},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == BOOK_RESULT


def test_a_bad_password_is_invalid_credentials(ldap_server):
    with pytest.raises(reader.LdapError, match="invalidCredentials"):
        reader.connect(ldap_server.url, FSARKER_DN, "wrong")
    result = run("--url", ldap_server.url, "--bind-dn", FSARKER_DN, password="wrong")
    line = testing.assert_one_line_error(result, 1)
    assert "invalidCredentials" in line


def test_a_dn_without_a_password_is_refused_before_sending(ldap_server):
    result = run("--url", ldap_server.url, "--bind-dn", reader.DEFAULT_BASE)
    assert "no password" in testing.assert_one_line_error(result, 1)


def test_a_missing_base_is_no_such_object(ldap_server):
    result = run("--url", ldap_server.url, "--base", "ou=nobody,dc=localdomain,dc=loc")
    assert "noSuchObject" in testing.assert_one_line_error(result, 1)


def test_refused_port(closed_port):
    result = run("--url", f"ldap://127.0.0.1:{closed_port}/")
    line = testing.assert_one_line_error(result, 1)
    assert "connection refused" in line and "ldap_server.py" in line


def test_connect_timeout(backlog_full_port):
    result = run("--url", f"ldap://127.0.0.1:{backlog_full_port}/", "--timeout", "1")
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_silent_server_times_out(silent_port):
    result = run("--url", f"ldap://127.0.0.1:{silent_port}/", "--timeout", "1")
    assert "timed out" in testing.assert_one_line_error(result, 1)


@pytest.mark.parametrize(
    "args",
    [
        ["--url", "http://127.0.0.1/"],
        ["--url", "ldap://127.0.0.1:99999/"],
        ["--filter", "(uid="],
        ["--base", "not a dn"],
        ["--timeout", "0"],
    ],
)
def test_bad_arguments_are_usage_errors(args):
    testing.assert_one_line_error(run(*args), 2)
