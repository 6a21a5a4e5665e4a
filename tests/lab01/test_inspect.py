"""Inspect it: capture both downloaders' traffic with the mirror on lo and read it back.

Needs tshark and the right to capture on lo: the ``capture`` marker makes the grading
plugin skip these tests, naming the fix, when either is missing.
"""

import re
from collections import defaultdict

import pytest
from rfc_mirror import RFCMirror

from labkit import lab_dir, testing
from labkit.capture import Capture, read_fields

LAB = lab_dir("01")
SYN, ACK = 0x02, 0x10

pytestmark = pytest.mark.capture


@pytest.fixture(scope="module")
def mirror():
    """One mirror for the module: the three tests read the same capture."""
    with RFCMirror() as running:
        yield running


@pytest.fixture(scope="module")
def capture_downloads(mirror):
    """Run both downloaders once each while capturing the mirror's port on lo."""
    with Capture(bpf=f"tcp port {mirror.port}", interface="lo") as cap:
        for script in ("rfc_downloader.py", "rfc_downloader_socket.py"):
            result = testing.run_script(LAB / script, "2324", "--base-url", mirror.base_url)
            assert result.returncode == 0, result.stderr
    yield cap
    cap.cleanup()


def packets_by_stream(path) -> dict[int, list[tuple[int, int, int, int]]]:
    """TCP stream number -> [(source port, destination port, flags, payload length)]."""
    streams = defaultdict(list)
    fields = ["tcp.stream", "tcp.srcport", "tcp.dstport", "tcp.flags", "tcp.len"]
    for stream, src, dst, flags, length in read_fields(path, fields):
        streams[int(stream)].append((int(src), int(dst), int(flags, 16), int(length)))
    return dict(streams)


def test_each_download_starts_with_the_three_way_handshake(capture_downloads, mirror):
    streams = packets_by_stream(capture_downloads.path)
    assert len(streams) == 2  # one connection per downloader
    for packets in streams.values():
        (c1, s1, f1, _), (s2, c2, f2, _), (c3, s3, f3, _) = packets[:3]
        assert s1 == s2 == s3 == mirror.port and c1 == c2 == c3
        assert f1 & (SYN | ACK) == SYN  # client: SYN
        assert f2 & (SYN | ACK) == SYN | ACK  # server: SYN-ACK
        assert f3 & (SYN | ACK) == ACK  # client: ACK
        assert all(length == 0 for *_, length in packets[:3])  # no data before the handshake


def test_the_requests_on_the_wire(capture_downloads, mirror):
    rows = read_fields(
        capture_downloads.path,
        ["http.request.method", "http.request.uri", "http.user_agent", "tcp.len"],
        display_filter="http.request",
        decode_as=[f"tcp.port=={mirror.port},http"],
    )
    assert len(rows) == 2, rows
    (method1, uri1, agent1, len1), (method2, uri2, agent2, len2) = rows
    assert (method1, uri1) == (method2, uri2) == ("GET", "/rfc/rfc2324.txt")
    assert re.fullmatch(r"Python-urllib/3\.\d+", agent1)
    assert agent2 == "Python 3"
    # Each request fits one segment, exactly the bytes the mirror received.
    assert [int(len1), int(len2)] == [len(request.raw) for request in mirror.log.requests]


def test_a_20_kb_response_is_not_segmented_on_lo(capture_downloads, mirror):
    # lo's MTU is 65536: nothing makes TCP cut the 19,610-byte body into pieces.
    for packets in packets_by_stream(capture_downloads.path).values():
        from_server = [length for src, _dst, _flags, length in packets if src == mirror.port]
        assert max(from_server) >= 19_610
