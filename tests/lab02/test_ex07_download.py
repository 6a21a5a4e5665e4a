"""Exercise 7: download() streams a big body in bounded memory, with progress and a .part file."""

import os
import tracemalloc

import pytest
import requests

from .fixtures_streams import MiB, body, body_sha256

BIG = 256 * MiB  # the graded size: far more than the memory the download may use
MEMORY_LIMIT = 16 * MiB


@pytest.mark.points(1)
def test_small_body_hash_and_file(exercise, stream_server, tmp_path):
    download = exercise.load("download.py").download
    dest = str(tmp_path / "small.bin")
    digest = download(f"{stream_server.url}/bytes/100000?seed=3", dest)
    assert digest == body_sha256(100_000, 3)
    assert open(dest, "rb").read() == body(100_000, 3)


@pytest.mark.points(1)
def test_sha256_of_256_mib(exercise, stream_server, tmp_path):
    download = exercise.load("download.py").download
    dest = tmp_path / "big.bin"
    digest = download(f"{stream_server.url}/bytes/{BIG}?seed=7", str(dest), timeout=10)
    assert digest == body_sha256(BIG, 7)
    assert dest.stat().st_size == BIG


@pytest.mark.points(3)
def test_memory_peak_stays_under_16_mib(exercise, stream_server, tmp_path):
    download = exercise.load("download.py").download
    dest = tmp_path / "big.bin"
    tracemalloc.start()
    try:
        download(f"{stream_server.url}/bytes/{BIG}?seed=7", str(dest), timeout=10)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert dest.stat().st_size == BIG
    assert peak < MEMORY_LIMIT, (
        f"the download allocated up to {peak / MiB:.0f} MiB for a {BIG // MiB} MiB body: "
        "stream it (stream=True, iter_content) instead of reading it whole"
    )


@pytest.mark.points(1)
def test_progress_is_monotonic_and_reaches_the_total(exercise, stream_server, tmp_path):
    download = exercise.load("download.py").download
    size = 4 * MiB
    calls = []
    download(
        f"{stream_server.url}/bytes/{size}",
        str(tmp_path / "p.bin"),
        chunk_size=65536,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert len(calls) >= 2, f"progress called {len(calls)} times for {size} bytes"
    done = [d for d, _ in calls]
    assert done == sorted(done), "progress went backwards"
    assert {total for _, total in calls} == {size}
    assert done[-1] == size


@pytest.mark.points(1)
def test_the_part_file_is_renamed_at_the_end(exercise, stream_server, tmp_path):
    download = exercise.load("download.py").download
    dest = str(tmp_path / "r.bin")
    seen = []

    def progress(done, total):
        if 0 < done < total:
            seen.append((os.path.exists(dest + ".part"), os.path.exists(dest)))

    download(f"{stream_server.url}/bytes/{2 * MiB}", dest, chunk_size=65536, progress=progress)
    assert seen, "progress was never called in the middle of the download"
    assert all(seen_part and not seen_dest for seen_part, seen_dest in seen), (
        "while downloading, the data goes to DEST.part and DEST does not exist yet"
    )
    assert os.listdir(tmp_path) == ["r.bin"]
    assert open(dest, "rb").read() == body(2 * MiB)


@pytest.mark.points(1)
def test_a_404_raises_and_leaves_no_file(exercise, stream_server, tmp_path):
    download = exercise.load("download.py").download
    with pytest.raises(requests.HTTPError):
        download(f"{stream_server.url}/no-such-file", str(tmp_path / "x.bin"))
    assert os.listdir(tmp_path) == []
