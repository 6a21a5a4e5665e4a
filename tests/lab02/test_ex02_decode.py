"""Exercise 2: decode_body() undoes gzip, deflate (zlib and raw) and identity."""

import gzip
import http.client
import zlib

import lab_web
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HEADER_NAMES = st.sampled_from(["Content-Encoding", "content-encoding", "CONTENT-ENCODING"])
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.points(1)
@SETTINGS
@given(data=st.binary(min_size=1, max_size=5000), name=HEADER_NAMES)
def test_gzip_round_trip(exercise, data, name):
    decode_body = exercise.load("decode.py").decode_body
    assert decode_body({name: "gzip"}, gzip.compress(data)) == data
    assert decode_body({name: "GZip"}, gzip.compress(data, compresslevel=1)) == data


@pytest.mark.points(1)
@SETTINGS
@given(data=st.binary(min_size=1, max_size=5000), name=HEADER_NAMES)
def test_deflate_zlib_and_raw(exercise, data, name):
    decode_body = exercise.load("decode.py").decode_body
    assert decode_body({name: "deflate"}, zlib.compress(data)) == data
    assert decode_body({name: "deflate"}, raw_deflate(data)) == data


@pytest.mark.points(1)
def test_identity_missing_header_and_empty_body(exercise):
    decode_body = exercise.load("decode.py").decode_body
    body = b"\x1f\x8b not really gzip"
    assert decode_body({"Content-Encoding": "identity"}, body) == body
    assert decode_body({"content-encoding": "IDENTITY"}, body) == body
    assert decode_body({}, body) == body
    assert decode_body({"Content-Type": "text/plain"}, body) == body
    assert decode_body({"Content-Encoding": "gzip"}, b"") == b""
    assert decode_body({"Content-Encoding": "deflate"}, b"") == b""


@pytest.mark.points(1)
def test_real_debian_bodies(exercise, web):
    decode_body = exercise.load("decode.py").decode_body
    expected = lab_web.debian_page("en")
    for coding in ("gzip", "deflate", "identity"):
        conn = http.client.HTTPConnection("127.0.0.1", web.port, timeout=5)
        try:
            conn.request("GET", "/debian/", headers={"Accept-Encoding": coding})
            response = conn.getresponse()
            raw = response.read()
        finally:
            conn.close()
        assert response.status == 200
        if coding != "identity":
            assert response.headers["Content-Encoding"] == coding
            assert raw != expected
        decoded = decode_body(response.headers, raw)  # an http.client.HTTPMessage
        assert decoded == expected, coding
        assert decoded.startswith(b'<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN"')


@pytest.mark.points(1)
def test_unknown_and_stacked_codings(exercise):
    decode_body = exercise.load("decode.py").decode_body
    for coding in ("br", "compress", "zstd"):
        with pytest.raises(ValueError, match=coding):
            decode_body({"Content-Encoding": coding}, b"\x00\x01\x02")
    data = b"layer upon layer " * 50
    stacked = gzip.compress(zlib.compress(data))  # deflate first, then gzip
    assert decode_body({"Content-Encoding": "deflate, gzip"}, stacked) == data
    assert decode_body({"Content-Encoding": "gzip,identity"}, gzip.compress(data)) == data
