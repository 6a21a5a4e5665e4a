"""geo_db.py and geoip_lookup.py: the lab database, the book's lines, and the failures."""

import time

import geoip2.database
import geoip_lookup
import pytest
from mmdb_writer import MMDBWriter
from netaddr import IPSet

from labkit.testing import assert_one_line_error, run_script

from .conftest import LAB

GEO_DB = LAB / "geo_db.py"
SCRIPT = LAB / "geoip_lookup.py"
BOOK_LINES = [
    "IP address: 178.236.6.251",
    "Country:  IE",
    "Continent:  EU",
    "Time zone:  Europe/Dublin",
]


# --- geo_db.py ---------------------------------------------------------------------------


def test_geo_db_help():
    result = run_script(GEO_DB, "--help")
    assert result.returncode == 0 and "mmdb" in result.stdout


def test_geo_db_writes_a_city_database(tmp_path):
    out = tmp_path / "city.mmdb"
    result = run_script(GEO_DB, str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote 4 networks to ")
    with geoip2.database.Reader(str(out)) as reader:
        assert reader.metadata().database_type == "GeoLite2-City"
        dublin = reader.city("178.236.6.251")
        assert dublin.city.name == "Dublin" and dublin.country.name == "Ireland"
    assert out.stat().st_size < 4000


@pytest.mark.parametrize(
    ("ip", "country", "continent", "zone"),
    [
        ("192.0.2.1", "FR", "EU", "Europe/Paris"),
        ("198.51.100.200", "US", "NA", "America/New_York"),
        ("203.0.113.254", "JP", "AS", "Asia/Tokyo"),
        ("178.236.6.1", "IE", "EU", "Europe/Dublin"),
    ],
)
def test_geo_db_networks(geo_db, ip, country, continent, zone):
    with geoip2.database.Reader(str(geo_db)) as reader:
        city = reader.city(ip)
    assert (city.country.iso_code, city.continent.code, city.location.time_zone) == (
        country,
        continent,
        zone,
    )


def test_geo_db_cannot_write(tmp_path):
    result = run_script(GEO_DB, str(tmp_path / "no" / "such" / "dir.mmdb"))
    assert "cannot write" in assert_one_line_error(result, 1)


# --- geoip_lookup.py -------------------------------------------------------------------


def lookup(geo_db, *args, dns=None):
    server = dns.args() if dns else []
    return run_script(SCRIPT, "--db", str(geo_db), "--timeout", "2", *server, *args)


def test_help():
    result = run_script(SCRIPT, "--help")
    assert result.returncode == 0 and "--hostname" in result.stdout


def test_book_output_through_lab_dns(geo_db, lab_dns):
    result = lookup(geo_db, "--hostname", "amazon.lab.test", dns=lab_dns)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == BOOK_LINES


def test_ip_option_skips_dns(geo_db, silent_udp):
    # the DNS "server" never answers: --ip must not need it
    result = run_script(
        SCRIPT, "--db", str(geo_db), "--port", str(silent_udp), "--ip", "203.0.113.9"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "IP address: 203.0.113.9",
        "Country:  JP",
        "Continent:  AS",
        "Time zone:  Asia/Tokyo",
    ]


def test_locate_function(geo_db):
    with geoip_lookup.open_database(str(geo_db)) as reader:
        assert geoip_lookup.locate(reader, "178.236.6.251") == BOOK_LINES[1:]


@pytest.mark.parametrize("ip", ["127.0.0.1", "10.1.2.3"])
def test_unknown_address_not_found(geo_db, ip):
    result = lookup(geo_db, "--ip", ip)
    assert "not found" in assert_one_line_error(result, 1)
    assert result.stdout.splitlines() == [f"IP address: {ip}"]


def test_name_of_a_lab_host_is_not_found(geo_db, lab_dns):
    result = lookup(geo_db, "--hostname", "www.lab.test", dns=lab_dns)
    assert "127.0.0.13: not found" in assert_one_line_error(result, 1)


def test_ipv6_address_in_ipv4_database(geo_db):
    assert_one_line_error(lookup(geo_db, "--ip", "::1"), 1)


def test_nxdomain(geo_db, lab_dns):
    result = lookup(geo_db, "--hostname", "nosuch.lab.test", dns=lab_dns)
    assert "NXDOMAIN" in assert_one_line_error(result, 1)


def test_no_dns_server_times_out(geo_db, silent_udp):
    start = time.monotonic()
    result = run_script(
        SCRIPT,
        "--db",
        str(geo_db),
        "--port",
        str(silent_udp),
        "--timeout",
        "1",
        "--hostname",
        "amazon.lab.test",
    )
    assert "no valid answer" in assert_one_line_error(result, 1)
    assert time.monotonic() - start < 10


def test_missing_database(tmp_path):
    result = run_script(SCRIPT, "--db", str(tmp_path / "none.mmdb"), "--ip", "192.0.2.1")
    assert "not found" in assert_one_line_error(result, 1)


@pytest.mark.parametrize("content", [b"", b"not a database at all\n" * 20])
def test_corrupt_database(tmp_path, content):
    bad = tmp_path / "bad.mmdb"
    bad.write_bytes(content)
    result = run_script(SCRIPT, "--db", str(bad), "--ip", "192.0.2.1")
    assert "not a GeoIP database" in assert_one_line_error(result, 1)


def test_truncated_database(tmp_path, geo_db):
    cut = tmp_path / "cut.mmdb"
    cut.write_bytes(geo_db.read_bytes()[:300])  # the metadata at the end is gone
    assert_one_line_error(run_script(SCRIPT, "--db", str(cut), "--ip", "192.0.2.1"), 1)


def test_database_of_another_kind(tmp_path):
    asn = tmp_path / "asn.mmdb"
    writer = MMDBWriter(
        ip_version=4, database_type="GeoLite2-ASN", languages=["en"], description="asn"
    )
    writer.insert_network(IPSet(["192.0.2.0/24"]), {"autonomous_system_number": 64496})
    writer.to_db_file(str(asn))
    result = run_script(SCRIPT, "--db", str(asn), "--ip", "192.0.2.1")
    assert "not a City database" in assert_one_line_error(result, 1)


@pytest.mark.parametrize("args", [[], ["--ip", "1.2.3"], ["--hostname", "x", "--port", "z"]])
def test_bad_arguments(geo_db, args):
    assert_one_line_error(run_script(SCRIPT, "--db", str(geo_db), *args), 2)
