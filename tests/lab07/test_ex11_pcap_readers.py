"""Exercise 11: TCP and TLS handshakes read from golden pcaps (lab07_pcaps.py)."""

import pytest

from labkit import testing

from .lab07_pcaps import refused_pcap, tcp_pcap, tls12_pcap


@pytest.mark.points(2)
def test_tcp_handshake(exercise, tmp_path):
    readers = exercise.load("pcap_readers.py")
    assert readers.tcp_handshake(tcp_pcap(tmp_path / "tcp.pcap")) == ["SYN", "SYN,ACK", "ACK"]


@pytest.mark.points(1)
def test_tcp_handshake_big_endian_file_and_refused(exercise, tmp_path):
    readers = exercise.load("pcap_readers.py")
    big = tcp_pcap(tmp_path / "big.pcap", big_endian=True)
    assert readers.tcp_handshake(big) == ["SYN", "SYN,ACK", "ACK"]
    assert readers.tcp_handshake(refused_pcap(tmp_path / "refused.pcap")) == ["SYN", "RST,ACK"]


@pytest.mark.points(3)
def test_tls12_handshake_types(exercise, tmp_path):
    readers = exercise.load("pcap_readers.py")
    pcap = tls12_pcap(tmp_path / "tls12.pcap")
    assert readers.tls_handshake_types(pcap, 443) == [1, 2, 11, 12, 14, 16]


@pytest.mark.points(1)
def test_tls_on_another_port(exercise, tmp_path):
    readers = exercise.load("pcap_readers.py")
    pcap = tls12_pcap(tmp_path / "tls12-8443.pcap", port=8443)
    assert readers.tls_handshake_types(pcap, 8443) == [1, 2, 11, 12, 14, 16]
    assert readers.tls_handshake_types(pcap, 443) == []


@pytest.mark.points(1)
def test_the_command_line(exercise, tmp_path):
    script = exercise.path("pcap_readers.py")
    result = testing.run_script(script, tls12_pcap(tmp_path / "tls12.pcap"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["TCP: SYN SYN,ACK ACK", "TLS: 1 2 11 12 14 16"]
    (tmp_path / "junk.pcap").write_bytes(b"not a capture at all")
    result = testing.run_script(script, tmp_path / "junk.pcap")
    assert "not a pcap file" in testing.assert_one_line_error(result, 1)
