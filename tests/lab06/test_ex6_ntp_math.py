"""Exercise 6: decode the book's NTP reply by hand, and do the clock arithmetic."""

import socket
import time

import ntplib
import pytest

from labkit import testing

BOOK_HEX = (
    "1402 03e9 0000 0505 0000 0978 d588 00fc d89c7356 33450c22 d89c7492 9c7ac000"
    " d89c748d d6d58d49 d89c748d d6d90811"
)
BOOK = bytes.fromhex(BOOK_HEX.replace(" ", ""))
T4 = 1425143314.6222


@pytest.fixture
def ntp_math(exercise):
    return exercise.load("ntp_math.py")


@pytest.fixture
def book(ntp_math):
    return ntp_math.parse(BOOK)


@pytest.mark.points(1)
def test_timestamp(ntp_math):
    assert ntp_math.timestamp(bytes.fromhex("83aa7e80 00000000")) == 0  # 1970-01-01
    assert ntp_math.timestamp(bytes.fromhex("83aa7e81 80000000")) == 1.5
    assert ntp_math.timestamp(BOOK[40:48]) == pytest.approx(1425143309.8392, abs=1e-4)


@pytest.mark.points(2)
def test_header_fields(book):
    assert (book.leap, book.version, book.mode) == (0, 2, 4)
    assert (book.stratum, book.poll, book.precision) == (2, 3, -23)
    assert book.root_delay == pytest.approx(0.019608, abs=1e-6)
    assert book.root_dispersion == pytest.approx(0.036987, abs=1e-6)
    assert book.ref_id == "213.136.0.252"


@pytest.mark.points(1)
def test_the_four_timestamps(book):
    assert book.ref_time == pytest.approx(1425142998.2003, abs=1e-4)
    assert book.orig_time == pytest.approx(1425143314.6112, abs=1e-4)  # t1
    assert book.recv_time == pytest.approx(1425143309.8392, abs=1e-4)  # t2
    assert book.tx_time == pytest.approx(1425143309.8392, abs=1e-4)  # t3


@pytest.mark.points(1)
def test_offset_and_delay(ntp_math, book):
    t1, t2, t3 = book.orig_time, book.recv_time, book.tx_time
    assert ntp_math.offset(t1, t2, t3, T4) == pytest.approx(-4.7775, abs=1e-3)
    assert ntp_math.delay(t1, t2, t3, T4) == pytest.approx(0.011, abs=1e-3)
    assert ntp_math.offset(100, 105, 105.5, 101) == pytest.approx(4.75)
    assert ntp_math.delay(100, 105, 105.5, 101) == pytest.approx(0.5)


@pytest.mark.points(1)
def test_stratum_one_and_bad_packets(ntp_math):
    gps = bytearray(BOOK)
    gps[0], gps[1], gps[12:16] = 0x24, 1, b"GPS\0"  # version 4, server, stratum 1
    fields = ntp_math.parse(bytes(gps))
    assert (fields.version, fields.mode, fields.stratum) == (4, 4, 1)
    assert fields.ref_id == "GPS"
    for short in (b"", BOOK[:47]):
        with pytest.raises(ValueError):
            ntp_math.parse(short)
    result = testing.run_script(ntp_math.__file__, "--hex", "1402")
    testing.assert_one_line_error(result, 2)


@pytest.mark.points(1)
@pytest.mark.parametrize("ntp_server", [4.78], indirect=True)
def test_a_reply_from_the_lab_server(ntp_math, ntp_server):
    request = ntplib.NTPPacket(version=4, mode=3)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(5)
        t1 = time.time()
        request.tx_timestamp = ntplib.system_to_ntp_time(t1)
        sock.sendto(request.to_data(), ("127.0.0.1", ntp_server.port))
        data, _ = sock.recvfrom(512)
        t4 = time.time()
    fields = ntp_math.parse(data)
    assert (fields.version, fields.mode, fields.stratum) == (4, 4, 2)
    assert fields.orig_time == pytest.approx(t1, abs=1e-5)  # our t1, echoed
    offset = ntp_math.offset(t1, fields.recv_time, fields.tx_time, t4)
    assert offset == pytest.approx(4.78, abs=0.05)
    assert 0 <= ntp_math.delay(t1, fields.recv_time, fields.tx_time, t4) < 0.5
