"""tincanchat.policy: the chat servers' token bucket, log helper and command-line options."""

from types import SimpleNamespace

import pytest

from labkit import cli
from tincanchat import DEFAULT_HOST, DEFAULT_PORT, MAX_MSG, policy
from tincanchat.policy import (
    MAX_BURST,
    MAX_QUEUE,
    MAX_RATE,
    RateLimit,
    add_server_options,
    check_server_options,
    shown,
)


@pytest.fixture
def clock(monkeypatch):
    """A fake ``time.monotonic`` for the policy module: advance it with ``clock.now``."""
    fake = SimpleNamespace(now=100.0)
    monkeypatch.setattr(policy, "time", SimpleNamespace(monotonic=lambda: fake.now))
    return fake


def test_a_burst_is_free(clock):
    limit = RateLimit(rate=1000, burst=5000)
    assert limit.charge(3000) == 0.0
    assert limit.charge(2000) == 0.0  # exactly the burst: still no wait


def test_the_wait_grows_with_the_excess(clock):
    limit = RateLimit(rate=1000, burst=5000)
    assert limit.charge(5000) == 0.0
    assert limit.charge(500) == pytest.approx(0.5)  # 500 bytes over, at 1000 bytes/s
    assert limit.charge(1500) == pytest.approx(2.0)  # 2000 bytes over


def test_time_refills_the_bucket_up_to_the_burst(clock):
    limit = RateLimit(rate=1000, burst=5000)
    assert limit.charge(7000) == pytest.approx(2.0)
    clock.now += 2.0  # the wait has passed: the debt is paid
    assert limit.charge(0) == 0.0
    clock.now += 3600  # an idle hour saves no more than one burst
    assert limit.charge(5000) == 0.0
    assert limit.charge(1000) == pytest.approx(1.0)


def test_the_default_burst():
    assert RateLimit(MAX_RATE).burst == MAX_BURST


def test_shown_shortens_long_lines_only():
    assert shown("short") == "short"
    assert shown("x" * 100) == "x" * 100
    assert shown("x" * 101) == "x" * 100 + "... (101 characters)"
    assert shown("abcdef", limit=3) == "abc... (6 characters)"


def parse(argv, **options):
    parser = cli.ArgumentParser(prog="chat_server.py")
    add_server_options(parser, **options)
    args = parser.parse_args(argv)
    check_server_options(parser, args)
    return args


def test_the_defaults():
    args = parse([])
    assert (args.host, args.port) == (DEFAULT_HOST, DEFAULT_PORT)
    assert (args.max_size, args.max_queue, args.max_rate) == (MAX_MSG, MAX_QUEUE, MAX_RATE)


def test_a_server_may_choose_its_default_rate():
    assert parse([], max_rate=10**12).max_rate == 10**12
    assert parse(["--max-rate", "5"], max_rate=10**12).max_rate == 5


@pytest.mark.parametrize("option", ["--max-size", "--max-queue", "--max-rate"])
@pytest.mark.parametrize("value", ["0", "-1"])
def test_a_limit_below_1_is_a_usage_error(option, value, capsys):
    with pytest.raises(SystemExit) as exc_info:
        parse([option, value])
    assert exc_info.value.code == cli.USAGE
    assert capsys.readouterr().err == (
        "chat_server.py: error: --max-size, --max-queue and --max-rate must be at least 1"
        " (see --help)\n"
    )


def test_the_help_names_the_defaults(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # one line per option: argparse wraps to the terminal
    parser = cli.ArgumentParser(prog="chat_server.py")
    add_server_options(parser)
    text = parser.format_help()
    for option in ("--host", "--port", "--max-size", "--max-queue", "--max-rate"):
        assert option in text
    assert f"(default: {MAX_QUEUE})" in text and f"(default: {MAX_RATE})" in text
