"""The capture helper: tshark on lo, bounded, read back as fields."""

import socket

import pytest

from labkit.capture import Capture, capture_problem, read_fields


@pytest.mark.capture
def test_capture_sees_a_handshake_and_the_payload(tmp_path):
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    with server, Capture(bpf=f"tcp port {port}", path=tmp_path / "cap.pcapng") as cap:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
            conn, _ = server.accept()
            with conn:
                client.sendall(b"hello\0")
                assert conn.recv(100) == b"hello\0"
    rows = read_fields(cap.path, ["tcp.flags.str", "tcp.len", "tcp.payload"])
    assert rows, "nothing captured"
    assert "S" in rows[0][0] and "A" not in rows[0][0].replace("·", "")  # SYN comes first
    payloads = [row[2] for row in rows if row[1] not in ("", "0")]
    assert payloads == ["68656c6c6f00"]


@pytest.mark.capture
def test_read_fields_reports_a_bad_display_filter(tmp_path):
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    with server, Capture(bpf=f"tcp port {port}", path=tmp_path / "cap.pcapng") as cap:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    with pytest.raises(RuntimeError, match="tshark failed"):
        read_fields(cap.path, ["frame.number"], display_filter="tcp.port ==")


def test_capture_problem_names_the_fix_when_tshark_is_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    capture_problem.cache_clear()
    try:
        assert capture_problem() == "tshark not installed: sudo apt-get install tshark"
    finally:
        capture_problem.cache_clear()
