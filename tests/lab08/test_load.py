"""Many clients at once: every delivery counted (correctness only, never timing).

``chat_load.py`` opens the clients from one asyncio process. The 1,000-client runs are
marked ``slow``; a 50-client run checks all four architectures in every suite run.
"""

import json

import pytest

from labkit.testing import assert_one_line_error, closed_port, run_script
from tincanchat.testkit import raise_nofile_limit

from .conftest import LAB, SERVERS


def load(chat, clients: int, senders: int, messages: int = 1) -> dict:
    result = run_script(
        LAB / "chat_load.py",
        *("--port", str(chat.port), "--clients", str(clients), "--senders", str(senders)),
        *("--messages", str(messages), "--pid", str(chat.pid), "--json", "--timeout", "60"),
        timeout=120,
    )
    assert result.stdout, result.stderr
    return json.loads(result.stdout)


def test_50_clients_every_delivery_counted(start_chat_server, kind):
    chat = start_chat_server(SERVERS[kind])
    data = load(chat, clients=50, senders=5, messages=4)
    assert data["synced"] == 50
    assert data["deliveries"] == data["expected"] == 50 * 5 * 4
    assert data["lost"] == 0 and data["complete_clients"] == 50
    assert data["latency_p50_ms"] <= data["latency_p99_ms"]
    expected_threads = 2 * 51 + 1 if kind == "threads" else 1  # 50 clients and the probe
    assert data["server"]["threads"] == expected_threads


@pytest.mark.slow
@pytest.mark.parametrize("name", ["asyncio", "selectors"])
def test_1000_clients_every_delivery_counted(start_chat_server, name):
    assert raise_nofile_limit(20000) > 2 * 1000 + 100  # before the server starts: inherited
    chat = start_chat_server(SERVERS[name])
    data = load(chat, clients=1000, senders=10)
    assert data["synced"] == 1000
    assert data["deliveries"] == data["expected"] == 10_000
    assert data["lost"] == 0 and data["complete_clients"] == 1000
    assert data["server"]["threads"] == 1 and data["server"]["fds"] > 1000


def test_chat_load_reports_a_refused_connection():
    port = str(closed_port())
    result = run_script(LAB / "chat_load.py", "--port", port, "--clients", "3", "--senders", "1")
    assert "connection refused" in assert_one_line_error(result, 1)
