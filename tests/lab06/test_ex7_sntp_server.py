"""Exercise 7: the student's SNTP server, checked byte by byte and then by ntplib."""

import contextlib
import socket
import struct
import threading
import time

import ntplib
import pytest

from labkit import testing

NTP_TO_UNIX = 2_208_988_800


def request(version: int = 3, poll: int = 6, tx: bytes = bytes.fromhex("d89c7492 9c7ac000")):
    """A client's request: LI 0, VN ``version``, mode 3, and a transmit timestamp."""
    return struct.pack("!BBbb", version << 3 | 3, 0, poll, 0) + bytes(36) + tx


@contextlib.contextmanager
def running(module, skew: float):
    """The student's serve() on a free port in a thread; yields the port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.2)
    stop = threading.Event()
    errors = []

    def run():
        try:
            module.serve(sock, skew, stop)
        except Exception as exc:  # reported by the test below
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(0.1)
    assert not errors, f"serve() raised {errors[0]!r}"
    try:
        yield sock.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        sock.close()
    assert not errors, errors
    assert not thread.is_alive(), "serve() did not return once stop was set"


@pytest.fixture
def sntp(exercise):
    return exercise.load("sntp_server.py")


@pytest.mark.points(2)
def test_reply_bytes(sntp):
    req = request(version=3, poll=6)
    before = time.time() + 10
    reply = sntp.make_reply(req, 10)
    after = time.time() + 10
    assert isinstance(reply, bytes) and len(reply) == 48
    flags, stratum, poll, precision, delay, dispersion = struct.unpack("!BBbbII", reply[:12])
    assert (flags >> 6, flags >> 3 & 7, flags & 7) == (0, 3, 4)  # LI 0, version echoed, server
    assert (stratum, poll, precision, delay, dispersion) == (1, 6, -20, 0, 0)
    assert reply[12:16] == b"LOCL"
    assert reply[24:32] == req[40:48]  # originate = the request's transmit, byte for byte
    for start in (16, 32, 40):  # reference, receive, transmit: our clock + skew
        seconds, fraction = struct.unpack("!II", reply[start : start + 8])
        stamp = seconds + fraction / 2**32 - NTP_TO_UNIX
        assert before - 0.01 <= stamp <= after + 0.01, start


@pytest.mark.points(1)
def test_not_a_request(sntp):
    assert sntp.make_reply(b"", 0) is None
    assert sntp.make_reply(b"hello", 0) is None
    assert sntp.make_reply(request()[:47], 0) is None
    server_mode = bytearray(request())
    server_mode[0] = 3 << 3 | 4
    assert sntp.make_reply(bytes(server_mode), 0) is None


@pytest.mark.points(1)
@pytest.mark.parametrize("skew", [4.78, -4.78])
def test_ntplib_measures_the_skew(sntp, skew):
    with running(sntp, skew) as port:
        for version in (2, 3, 4):
            response = ntplib.NTPClient().request(
                "127.0.0.1", version=version, port=port, timeout=2
            )
            assert (response.mode, response.version, response.stratum) == (4, version, 1)
            assert abs(response.offset - skew) < 0.05, response.offset


@pytest.mark.points(1)
def test_keeps_serving_after_junk(sntp):
    with running(sntp, 0.0) as port:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as junk:
            junk.sendto(b"not ntp", ("127.0.0.1", port))
            junk.settimeout(0.5)
            with pytest.raises(TimeoutError):
                junk.recvfrom(512)  # no answer to junk
        response = ntplib.NTPClient().request("127.0.0.1", port=port, timeout=2)
        assert abs(response.offset) < 0.05


@pytest.mark.points(1)
def test_command_line(exercise):
    with testing.start_script(exercise.path("sntp_server.py"), "--port", "0", "--skew", "-2") as p:
        response = ntplib.NTPClient().request("127.0.0.1", version=4, port=p.port, timeout=2)
        assert abs(response.offset + 2) < 0.05
