"""Exercise 8: the GeoIP batch report over a log of addresses, with the lab database."""

from collections import Counter

import geoip2.database
import pytest

from labkit.testing import run_script

from .conftest import LAB

VISITORS_REPORT = ["ZZ 4", "JP 3", "US 2", "FR 1", "IE 1"]


@pytest.fixture
def geo(exercise):
    return exercise.load("geo_report.py")


@pytest.fixture
def reader(geo_db):
    with geoip2.database.Reader(str(geo_db)) as reader:
        yield reader


@pytest.mark.points(1)
def test_known_addresses(geo, reader):
    assert geo.country_of(reader, "178.236.6.251") == "IE"
    assert geo.country_of(reader, "198.51.100.1") == "US"
    assert geo.country_of(reader, "203.0.113.200") == "JP"


@pytest.mark.points(1)
def test_unknown_addresses_are_zz(geo, reader):
    for ip in ("127.0.0.1", "10.0.2.15", "::1", "not-an-address", "999.1.1.1"):
        assert geo.country_of(reader, ip) == "ZZ", ip


@pytest.mark.points(2)
def test_count_countries(geo, reader):
    lines = [
        "192.0.2.1 - - [x] GET /",
        "",
        "# a comment line",
        "192.0.2.200 extra fields",
        "  203.0.113.5 indented",
        "127.0.0.1",
    ]
    assert geo.count_countries(lines, reader) == Counter({"FR": 2, "JP": 1, "ZZ": 1})


@pytest.mark.points(1)
def test_report_order(geo):
    counts = Counter({"US": 2, "FR": 5, "AT": 2, "ZZ": 1})
    assert geo.report(counts) == ["FR 5", "AT 2", "US 2", "ZZ 1"]


@pytest.mark.points(2)
def test_program_on_visitors_log(exercise, geo_db):
    result = run_script(
        exercise.path("geo_report.py"), str(LAB / "visitors.log"), "--db", str(geo_db)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == VISITORS_REPORT
