"""Exercise 3: choose() picks a content coding by q-value (RFC 9110 §12.5.3)."""

import pytest

ALL = ["gzip", "deflate", "identity"]


def check(exercise, table):
    choose = exercise.load("negotiate.py").choose
    for header, available, expected in table:
        got = choose(header, list(available))
        assert got == expected, f"choose({header!r}, {available!r}) -> {got!r}, not {expected!r}"


@pytest.mark.points(1)
def test_lists_and_ties(exercise):
    check(
        exercise,
        [
            ("gzip", ALL, "gzip"),
            ("deflate", ALL, "deflate"),
            ("gzip, deflate", ALL, "gzip"),
            ("deflate, gzip", ALL, "gzip"),  # equal weights: the server's order decides
            ("deflate, gzip", ["deflate", "gzip", "identity"], "deflate"),
            ("*", ["deflate", "gzip"], "deflate"),
            ("gzip, deflate", ["deflate"], "deflate"),
            ("deflate, gzip, identity", ALL, "gzip"),  # the book's header
        ],
    )


@pytest.mark.points(1)
def test_q_values_spaces_and_case(exercise):
    check(
        exercise,
        [
            ("gzip;q=0.5, deflate", ALL, "deflate"),
            ("gzip, deflate;q=0.8, identity;q=0.0", ALL, "gzip"),  # the book's example
            ("gzip, deflate;q=0.8, identity;q=0.0", ["identity", "deflate"], "deflate"),
            ("gzip;q=0.3, deflate;q=0.301", ALL, "deflate"),
            (" GZIP ; Q = 0.9 ,deflate;q=0.8", ALL, "gzip"),
            ("gzip;q=0.5, deflate;q=0.5", ["deflate", "gzip"], "deflate"),
            ("*;q=0.5, gzip", ["deflate", "gzip"], "gzip"),
            ("gzip;q=1.0, identity;q=0.5", ["identity", "gzip"], "gzip"),
            ("gzip", ["GZip", "identity"], "GZip"),
        ],
    )


@pytest.mark.points(1)
def test_exclusions(exercise):
    check(
        exercise,
        [
            ("identity;q=0, *;q=0", ALL, None),
            ("identity;q=0.0", ["identity"], None),
            ("gzip;q=0", ["gzip"], None),
            ("gzip;q=0", ["gzip", "identity"], "identity"),
            ("*;q=0", ["identity"], None),
            ("*;q=0", ALL, None),
            ("*;q=0, identity", ["gzip", "identity"], "identity"),
            ("*;q=0, identity;q=0.2", ["gzip", "identity"], "identity"),
            ("*;q=0.1, gzip;q=0", ["gzip", "deflate"], "deflate"),
            ("br, gzip;q=0", ["gzip", "deflate"], None),
        ],
    )


@pytest.mark.points(1)
def test_identity_defaults(exercise):
    check(
        exercise,
        [
            ("br", ALL, "identity"),  # not named, but not excluded
            ("br;q=0.8", ["identity", "gzip"], "identity"),
            ("gzip;q=0.001", ["identity", "gzip"], "gzip"),  # explicit beats implicit
            ("", ALL, "identity"),  # an empty header accepts identity only
            ("", ["gzip", "deflate"], None),
            (None, ALL, "gzip"),  # no header: anything, the server's first choice
            (None, ["deflate", "identity"], "deflate"),
            ("*;q=0.3", ["identity", "gzip"], "identity"),  # both 0.3 through *: a tie
        ],
    )
