"""Exercise 13: the benchmark harness writes one JSON record per server."""

import ast
import json

import pytest

from labkit.testing import run_script

KEYS = {"connect_s": float, "fanout_s": float, "deliveries": int, "rss_kb": int}


def run_bench(exercise, tmp_path, servers: list[str], clients: int, senders: int) -> dict:
    path = exercise.path("bench.py")
    names = {
        node.attr if isinstance(node, ast.Attribute) else node.id
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute | ast.Name)
    }
    assert "run_load" not in names, "write the load yourself, not with chat_load.run_load"
    output = tmp_path / "bench.json"
    args = ["--servers", *servers, "--clients", clients, "--senders", senders]
    result = run_script(path, *map(str, args), "--output", output, "--timeout", "10", timeout=60)
    assert result.returncode == 0, result.stderr
    data = json.loads(output.read_text())
    assert isinstance(data, dict) and sorted(data) == sorted(servers), data
    for name, record in data.items():
        assert set(record) == set(KEYS), f"{name}: keys {sorted(record)}, not {sorted(KEYS)}"
        for key, kind in KEYS.items():
            value = record[key]
            assert isinstance(value, int | float) and not isinstance(value, bool), (key, value)
            assert kind is float or isinstance(value, int), f"{name}: {key} must be an integer"
            assert value >= 0, (key, value)
        assert record["rss_kb"] > 1000, f"{name}: rss_kb {record['rss_kb']} is not a server's"
    return data


@pytest.mark.points(2)
def test_schema_and_every_delivery_counted(exercise, tmp_path):
    data = run_bench(exercise, tmp_path, ["selectors"], clients=6, senders=2)
    assert data["selectors"]["deliveries"] == 6 * 2


@pytest.mark.points(1)
def test_two_servers_in_one_run(exercise, tmp_path):
    data = run_bench(exercise, tmp_path, ["selectors", "asyncio"], clients=4, senders=3)
    assert [record["deliveries"] for record in data.values()] == [4 * 3, 4 * 3]
