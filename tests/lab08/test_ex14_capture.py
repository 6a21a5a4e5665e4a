"""Exercise 14: capture_chat.py records one echo exchange; graded on the pcapng it writes.

Needs dumpcap/tshark and the right to capture on lo: the ``capture`` marker makes the
grading plugin skip these tests, naming the fix, when either is missing. The script runs
once per module against the lab's ``echo_server_multi.py``; the tests read its file with
tshark, by structure (ports and sequence numbers differ from run to run).
"""

from dataclasses import dataclass
from pathlib import Path

import pytest

from labkit.capture import read_fields
from labkit.testing import assert_one_line_error, closed_port, run_script, start_script
from tincanchat import format_line, prep_msg

from .conftest import LAB

pytestmark = pytest.mark.capture

MESSAGE = "caerphilly, on the wire"
FIN, SYN, RST, ACK = 0x01, 0x02, 0x04, 0x10
FIELDS = ["tcp.stream", "tcp.srcport", "tcp.dstport", "tcp.flags", "tcp.len", "tcp.payload"]


@dataclass
class Packet:
    stream: int
    src: int
    dst: int
    flags: int
    length: int
    payload: bytes


@dataclass
class Run:
    result: object  # subprocess.CompletedProcess
    pcap: Path
    server_port: int


@pytest.fixture(scope="module")
def runs() -> dict[Path, Run]:
    """One run of each script file graded in this module, shared by its tests."""
    return {}


@pytest.fixture
def chat_run(exercise, runs, tmp_path_factory) -> Run:
    script = exercise.path("capture_chat.py")
    if script not in runs:
        pcap = tmp_path_factory.mktemp("ex14") / "chat.pcapng"
        with start_script(LAB / "echo_server_multi.py", "--port", "0") as server:
            args = ["--port", str(server.port), "--out", str(pcap), "--message", MESSAGE]
            result = run_script(script, *args, "--timeout", "5", timeout=60)
        runs[script] = Run(result, pcap, server.port)
    return runs[script]


def read_packets(chat_run: Run) -> list[Packet]:
    """Every packet of the capture the script wrote (it must have succeeded)."""
    result = chat_run.result
    assert result.returncode == 0, f"exit status {result.returncode}: {result.stderr}"
    assert chat_run.pcap.is_file(), f"no capture file at {chat_run.pcap}"
    assert chat_run.pcap.stat().st_size > 0, "the capture file is empty"
    rows = read_fields(chat_run.pcap, FIELDS, display_filter="tcp")
    return [
        Packet(int(stream), int(src), int(dst), int(flags, 16), int(length), bytes.fromhex(data))
        for stream, src, dst, flags, length, data in rows
    ]


@pytest.mark.points(1)
def test_the_capture_starts_with_the_three_way_handshake(chat_run):
    packets = read_packets(chat_run)
    port = chat_run.server_port
    assert len(packets) >= 3, f"only {len(packets)} packets captured"
    assert {p.stream for p in packets} == {0}, "expected one TCP connection, the echo exchange"
    syn, syn_ack, ack = packets[:3]
    client = syn.src
    assert (syn.src, syn.dst) == (client, port), "the first packet goes client -> server"
    assert syn.flags & (SYN | ACK) == SYN, "the first packet is the client's SYN"
    assert (syn_ack.src, syn_ack.dst) == (port, client)
    assert syn_ack.flags & (SYN | ACK) == SYN | ACK, "the second is the server's SYN-ACK"
    assert (ack.src, ack.dst) == (client, port)
    assert ack.flags & (SYN | ACK) == ACK, "the third is the client's ACK"
    assert [p.length for p in packets[:3]] == [0, 0, 0], "no data before the handshake ends"


@pytest.mark.points(2)
def test_one_client_payload_ending_in_nul_and_its_echo(chat_run):
    packets = read_packets(chat_run)
    port = chat_run.server_port
    sent = [p for p in packets if p.dst == port and p.length > 0]
    assert len(sent) == 1, f"expected one client segment with data, got {len(sent)}"
    (segment,) = sent
    assert segment.payload.endswith(b"\0"), f"no NUL at the end of {segment.payload!r}"
    assert segment.payload == prep_msg(MESSAGE), segment.payload
    client = segment.src
    echoed = b"".join(p.payload for p in packets if p.src == port)
    assert echoed == prep_msg(format_line(("127.0.0.1", client), MESSAGE)), echoed


@pytest.mark.points(1)
def test_a_fin_from_each_side(chat_run):
    packets = read_packets(chat_run)
    port = chat_run.server_port
    fins = {(p.src == port and "server") or "client" for p in packets if p.flags & FIN}
    assert fins == {"client", "server"}, f"FIN seen from: {sorted(fins) or 'nobody'}"


@pytest.mark.points(1)
def test_a_refused_port_and_a_bad_port_are_one_line_errors(exercise, tmp_path):
    script = exercise.path("capture_chat.py")
    out = tmp_path / "refused.pcapng"
    refused = run_script(script, "--port", str(closed_port()), "--out", str(out), timeout=60)
    assert "refused" in assert_one_line_error(refused, 1)
    bad = run_script(script, "--port", "70000", "--out", str(out), timeout=30)
    assert "70000" in assert_one_line_error(bad, 2)
