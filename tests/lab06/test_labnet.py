"""Lab 06's clients against the lab network's infra host: BIND and chrony.

The same scripts as in the walkthrough, given ``--server`` and ``--port``: the answers
come from a real name server (the ``lab.test`` zone of the lab network's plan) and a
real NTP server, not from the lab's own small ones.
"""

import pytest

from labkit import config, testing

from .conftest import LAB

pytestmark = pytest.mark.labnet


@pytest.fixture(scope="module")
def lab():
    return config.load()


def run(script: str, *args) -> object:
    return testing.run_script(LAB / script, *args, timeout=30)


def dns_args(lab) -> tuple[str, ...]:
    infra = lab.host("infra")
    return ("--server", infra.address, "--port", str(infra.port("dns")), "--timeout", "5")


def test_bind_answers_the_address_of_the_mail_host(lab):
    result = run("dns_client.py", *dns_args(lab), "mail.lab.test", "A")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Got answer IP address: ['{lab.host('mail').address}']\n"


def test_bind_answers_mx_and_follows_an_alias(lab):
    mx = run("dns_client.py", *dns_args(lab), "lab.test", "MX")
    assert mx.returncode == 0, mx.stderr
    assert "Mailserver mail.lab.test. has preference 10" in mx.stdout
    alias = run("dns_client.py", *dns_args(lab), "smtp.lab.test", "A")
    assert alias.returncode == 0, alias.stderr
    assert "(smtp.lab.test. is an alias for mail.lab.test.)" in alias.stdout


def test_bind_says_nxdomain_in_one_line(lab):
    result = run("dns_client.py", *dns_args(lab), "nosuch.lab.test", "A")
    assert "NXDOMAIN" in testing.assert_one_line_error(result, 1)


def test_the_reverse_zone_names_the_www_host(lab):
    www = lab.host("www").address
    result = run("dns_client.py", *dns_args(lab), www, "PTR")
    assert result.returncode == 0, result.stderr
    assert "www.lab.test." in result.stdout


def test_geoip_lookup_resolves_through_bind(lab, tmp_path):
    """The lab network's zone holds lab addresses only (tests/labnet checks that), so the
    name resolves through BIND to a private address, which no GeoIP database places."""
    db = tmp_path / "city.mmdb"
    built = run("geo_db.py", str(db))
    assert built.returncode == 0, built.stderr
    infra = lab.host("infra")
    dns = ("--server", infra.address, "--port", str(infra.port("dns")))
    result = run("geoip_lookup.py", "--hostname", "mail.lab.test", "--db", str(db), *dns)
    assert result.stdout == f"IP address: {lab.host('mail').address}\n"
    assert "not found" in testing.assert_one_line_error(result, 1)


def test_chrony_answers_with_its_local_stratum(lab):
    infra = lab.host("infra")
    args = ("--server", infra.address, "--port", str(infra.port("ntp")), "--timeout", "5")
    result = run("ntp_client.py", *args)
    assert result.returncode == 0, result.stderr
    assert "stratum: 8" in result.stdout.splitlines()
