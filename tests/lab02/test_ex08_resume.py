"""Exercise 8: resume() continues a .part file with Range: bytes=N-."""

import pytest

from .fixtures_streams import MiB, body, body_sha256

SIZE = 8 * MiB
HAVE = 3_000_001  # bytes already in the .part file (not a block boundary on purpose)


def start_part(tmp_path, content: bytes) -> str:
    dest = str(tmp_path / "file.bin")
    with open(dest + ".part", "wb") as part:
        part.write(content)
    return dest


@pytest.mark.points(2)
def test_resume_sends_the_right_range_and_gets_the_right_file(exercise, stream_server, tmp_path):
    resume = exercise.load("download.py").resume
    dest = start_part(tmp_path, body(SIZE, 5)[:HAVE])
    digest = resume(f"{stream_server.url}/bytes/{SIZE}?seed=5", dest)
    assert digest == body_sha256(SIZE, 5)
    assert open(dest, "rb").read() == body(SIZE, 5)
    ranges = [r.headers.get("Range") for r in stream_server.requests_to("/bytes/")]
    assert f"bytes={HAVE}-" in ranges, f"the server saw Range headers {ranges}"


@pytest.mark.points(1)
def test_only_the_remaining_bytes_are_transferred(exercise, stream_server, tmp_path):
    resume = exercise.load("download.py").resume
    dest = start_part(tmp_path, body(SIZE, 5)[:HAVE])
    resume(f"{stream_server.url}/bytes/{SIZE}?seed=5", dest)
    records = stream_server.requests_to("/bytes/")
    assert [(r.status, r.sent) for r in records] == [(206, SIZE - HAVE)]
    assert not (tmp_path / "file.bin.part").exists()


@pytest.mark.points(1)
def test_a_server_ignoring_range_gives_a_whole_new_file(exercise, stream_server, tmp_path):
    resume = exercise.load("download.py").resume
    # This .part file is junk: appending the 200 response to it would give a wrong file.
    dest = start_part(tmp_path, b"x" * HAVE)
    digest = resume(f"{stream_server.url}/bytes/{SIZE}?seed=5&ranges=0", dest)
    assert digest == body_sha256(SIZE, 5)
    assert open(dest, "rb").read() == body(SIZE, 5)
    assert [r.status for r in stream_server.requests_to("/bytes/")] == [200]
