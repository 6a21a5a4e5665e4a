"""ntp_server.py: the reply's fields, the skew, bad packets, and the script's life cycle."""

import socket
import struct
import time

import ntp_server as ntp_script
import ntplib
import pytest

from labkit import testing

from .conftest import LAB


def ask(port: int, version: int = 2, timeout: float = 3) -> ntplib.NTPStats:
    return ntplib.NTPClient().request("127.0.0.1", version=version, port=port, timeout=timeout)


def test_help():
    result = testing.run_script(LAB / "ntp_server.py", "--help")
    assert result.returncode == 0 and result.stdout.startswith("usage: ntp_server.py")
    assert "--skew" in result.stdout


@pytest.mark.parametrize("args", [["--port", "70000"], ["--skew", "soon"], ["--host"]])
def test_bad_arguments(args):
    testing.assert_one_line_error(testing.run_script(LAB / "ntp_server.py", *args), 2)


def test_make_reply_fields():
    request = ntplib.NTPPacket(version=3, mode=3, tx_timestamp=ntplib.system_to_ntp_time(1e9))
    raw = request.to_data()
    reply = ntp_script.make_reply(raw, skew=0)
    assert len(reply) == 48
    fields = struct.unpack("!BBbbII4s", reply[:16])
    assert fields == (3 << 3 | 4, 2, 3, -23, 0x0505, 0x0978, bytes([213, 136, 0, 252]))
    assert reply[24:32] == raw[40:48]  # originate = the request's transmit timestamp


def test_only_client_requests_are_answered():
    server_packet = ntplib.NTPPacket(version=3, mode=4).to_data()
    assert ntp_script.make_reply(server_packet) is None
    with pytest.raises(ntplib.NTPException):
        ntp_script.make_reply(b"short")


@pytest.mark.parametrize("ntp_server", [4.75, -4.78, 0.0], indirect=True)
def test_offset_equals_the_skew(ntp_server):
    response = ask(ntp_server.port, version=3)
    assert abs(response.offset - ntp_server.skew) < 0.05
    assert (response.mode, response.version, response.stratum) == (4, 3, 2)
    assert ntplib.ref_id_to_text(response.ref_id, response.stratum) == "213.136.0.252"
    assert response.precision == -23
    assert 0 <= response.delay < 0.5
    # "last update" is when the server started, on its own (skewed) clock
    assert ntp_server.skew - 60 < response.ref_time - time.time() <= ntp_server.skew + 0.05


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_answers_in_the_clients_version(ntp_server, version):
    assert ask(ntp_server.port, version=version).version == version


def test_keeps_serving_after_bad_packets(ntp_server):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.5)
        for junk in (b"", b"x" * 10, ntplib.NTPPacket(mode=4).to_data()):
            sock.sendto(junk, ("127.0.0.1", ntp_server.port))
            with pytest.raises(TimeoutError):
                sock.recvfrom(512)  # no reply to junk or to another server
    assert ask(ntp_server.port).mode == 4


def test_the_script():
    with testing.start_script(LAB / "ntp_server.py", "--port", "0", "--skew", "-4.78") as proc:
        assert proc.host == "127.0.0.1"
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.sendto(b"garbage", ("127.0.0.1", proc.port))
        assert abs(ask(proc.port).offset + 4.78) < 0.05
        assert proc.stop() == 0
        assert "malformed packet" in proc.stderr_text()


def test_port_in_use():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        result = testing.run_script(LAB / "ntp_server.py", "--port", str(port), timeout=10)
    line = testing.assert_one_line_error(result, 1)
    assert f"cannot listen on 127.0.0.1:{port}" in line
