"""bench.py: a quick smoke run with a tiny body (the real benchmark is ``make bench-02``)."""

import json
import shutil

import pytest

from labkit import testing

from .fixtures_streams import LAB

SCRIPT = LAB / "bench.py"

bench = testing.load_module(SCRIPT)

SERVERS = [
    "python",
    pytest.param(
        "nginx", marks=pytest.mark.skipif(not shutil.which("nginx"), reason="nginx not installed")
    ),
]


@pytest.mark.parametrize("server", SERVERS)
def test_a_tiny_run_reports_both_clients(server, tmp_path):
    out = tmp_path / "bench.json"
    args = ["--size", "2M", "--repeat", "1", "--server", server, "--json", out]
    result = testing.run_script(SCRIPT, *args, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "| stream_download (requests) |" in result.stdout
    assert f"results written to {out}" in result.stdout
    report = json.loads(out.read_text())
    assert report["size_bytes"] == 2 * 1024 * 1024
    assert report["server"].startswith("nginx" if server == "nginx" else "stream_server.py")
    assert report["chunk_size"] == 1024 * 1024
    python = report["python"]
    assert python["mib_per_s"] > 0 and 0 < python["peak_rss_mib"] < 1024
    assert report["targets"]["rss_under_64_mib"] is (python["peak_rss_mib"] < 64)
    if shutil.which("curl"):
        assert "| curl |" in result.stdout
        assert report["curl"]["mib_per_s"] > 0
        assert report["ratio"] == pytest.approx(python["mib_per_s"] / report["curl"]["mib_per_s"])


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0
    for option in ("--size", "--chunk-size", "--server", "--json"):
        assert option in result.stdout


@pytest.mark.parametrize(
    "args", [["--size", "lots"], ["--size", "0"], ["--repeat", "0"], ["--server", "apache"]]
)
def test_bad_arguments_are_usage_errors(args):
    testing.assert_one_line_error(testing.run_script(SCRIPT, *args), 2)


@pytest.mark.parametrize(
    "text,size", [("4096", 4096), ("64K", 65536), ("1m", 1 << 20), ("1G", 1 << 30)]
)
def test_size_type(text, size):
    assert bench.size_type(text) == size
