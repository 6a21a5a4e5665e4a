"""labkit: configuration, CLI helpers, test helpers and the labrun report."""

import argparse
import getpass
import io
import json
import socket
import sys
import textwrap
import urllib.error

import pytest

from labkit import cli, config, labrun, server, testing


@pytest.fixture
def clean_env(monkeypatch):
    for var in ("LAB_WWW_ADDRESS", "LAB_WWW_HTTP_PORT", "RFC_BASE_URL", "LABNET_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


def write_config(tmp_path, data):
    path = tmp_path / "client.json"
    path.write_text(json.dumps(data))
    return path


def test_config_reads_hosts_ports_and_settings(tmp_path, clean_env):
    path = write_config(
        tmp_path,
        {
            "hosts": {"www": {"address": "192.168.56.13", "ports": {"http": 80}}},
            "settings": {"rfc_base_url": "http://192.168.56.13/rfc/"},
        },
    )
    cfg = config.load(path)
    www = cfg.host("www")
    assert (www.address, www.fqdn, www.port("http")) == ("192.168.56.13", "www.lab.test", 80)
    assert cfg.setting("rfc_base_url") == "http://192.168.56.13/rfc/"
    assert cfg.is_lab_network


def test_environment_overrides_the_file(tmp_path, clean_env):
    path = write_config(
        tmp_path, {"hosts": {"www": {"address": "10.9.9.9", "ports": {"http": 80}}}}
    )
    clean_env.setenv("LAB_WWW_ADDRESS", "127.0.0.1")
    clean_env.setenv("LAB_WWW_HTTP_PORT", "8080")
    clean_env.setenv("RFC_BASE_URL", "http://127.0.0.1:9/rfc/")
    cfg = config.load(path)
    assert cfg.host("www").address == "127.0.0.1"
    assert cfg.host("www").port("http") == 8080
    assert cfg.setting("rfc_base_url") == "http://127.0.0.1:9/rfc/"


def test_missing_file_gives_defaults_and_a_clear_error_for_hosts(tmp_path, clean_env):
    cfg = config.load(tmp_path / "absent.json")
    assert not cfg.is_lab_network
    assert cfg.setting("rfc_base_url") == "http://127.0.0.1:8001/rfc/"
    with pytest.raises(config.ConfigError, match=r"sudo make labnet-up.*LAB_MAIL_ADDRESS"):
        cfg.host("mail")


def test_missing_service_and_bad_port_variable(tmp_path, clean_env):
    cfg = config.load(write_config(tmp_path, {"hosts": {"www": {"address": "127.0.0.1"}}}))
    with pytest.raises(config.ConfigError, match="LAB_WWW_HTTPS_PORT"):
        cfg.host("www").port("https")
    clean_env.setenv("LAB_WWW_HTTP_PORT", "eighty")
    with pytest.raises(config.ConfigError, match="must be a port number"):
        cfg.host("www").port("http")


def test_malformed_file_is_a_config_error(tmp_path, clean_env):
    path = tmp_path / "client.json"
    path.write_text("{not json")
    with pytest.raises(config.ConfigError, match="cannot read"):
        config.load(path)


@pytest.mark.parametrize("text", ["-1", "65536", "http", ""])
def test_port_number_rejects(text):
    with pytest.raises(argparse.ArgumentTypeError):
        cli.port_number(text)


def test_port_number_and_timeout_accept():
    assert cli.port_number("0") == 0 and cli.port_number("65535") == 65535
    assert cli.positive_float("0.5") == 0.5
    with pytest.raises(argparse.ArgumentTypeError):
        cli.positive_float("0")


def test_add_password_env_names_the_variable_not_the_password():
    parser = cli.ArgumentParser(prog="demo")
    cli.add_password_env(parser, unset="secret")
    assert parser.parse_args([]).password_env == "LAB_PASSWORD"
    assert parser.parse_args(["--password-env", "MY_PW"]).password_env == "MY_PW"
    assert "unset: secret" in parser.format_help()


def test_existing_file_accepts_a_file_and_names_a_missing_one(tmp_path):
    present = tmp_path / "ca.pem"
    present.write_text("x")
    assert cli.existing_file(str(present)) == str(present)
    for missing in (tmp_path / "nope.pem", tmp_path):  # a directory is not a file either
        with pytest.raises(argparse.ArgumentTypeError, match="no such file"):
            cli.existing_file(str(missing))


def test_describe_error_is_one_line_for_network_failures(closed_port):
    with pytest.raises(OSError) as refused:
        socket.create_connection(("127.0.0.1", closed_port), timeout=2)
    assert cli.describe_error(refused.value) == "connection refused"
    assert cli.describe_error(TimeoutError()) == "timed out"
    wrapped = urllib.error.URLError(ConnectionRefusedError(111, "Connection refused"))
    assert cli.describe_error(wrapped) == "connection refused"
    http = urllib.error.HTTPError("http://x/", 404, "Not Found", {}, None)
    assert cli.describe_error(http) == "HTTP 404 Not Found"


@pytest.fixture
def closed_port():
    return testing.closed_port()


def test_closed_port_refuses(closed_port):
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", closed_port), timeout=2)


def test_backlog_full_listener_times_out_connects():
    with testing.backlog_full_listener() as port:
        with pytest.raises(TimeoutError):
            socket.create_connection(("127.0.0.1", port), timeout=0.5)


def test_silent_server_accepts_and_never_speaks():
    with testing.silent_server() as port:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
            sock.settimeout(0.3)
            with pytest.raises(TimeoutError):
                sock.recv(1)


SERVER = """
import socket, sys
from labkit import server
server.stop_on_sigterm()
s = socket.create_server(("127.0.0.1", 0))
try:
    server.announce(s.getsockname())  # inside try: SIGTERM may come right after it
    s.accept()
except KeyboardInterrupt:
    print("stopped cleanly", flush=True)
"""


def test_start_script_reads_the_ready_line_and_stops_the_process(tmp_path):
    script = tmp_path / "server.py"
    script.write_text(SERVER)
    with testing.start_script(script) as running:
        assert running.host == "127.0.0.1" and running.port > 0
        socket.create_connection(("127.0.0.1", running.port), timeout=2).close()
        proc = running.proc
    assert proc.poll() is not None


def test_start_script_sigterm_is_a_clean_stop(tmp_path):
    script = tmp_path / "server.py"
    script.write_text(SERVER.replace("s.accept()", "s.accept(); s.accept()"))
    with testing.start_script(script) as running:
        assert running.stop() == 0
        assert "stopped cleanly" in running.remaining_output()


def test_start_script_reports_a_script_that_dies(tmp_path):
    script = tmp_path / "broken.py"
    script.write_text("import sys; sys.exit('no ready line')")
    with pytest.raises(EOFError, match="no ready line"):
        with testing.start_script(script, timeout=5):
            pass


def test_assert_one_line_error(tmp_path):
    script = tmp_path / "fails.py"
    script.write_text("import sys\nprint('x: error: nope', file=sys.stderr)\nsys.exit(1)\n")
    assert testing.assert_one_line_error(testing.run_script(script), 1) == "x: error: nope"
    script.write_text("raise RuntimeError('boom')\n")
    with pytest.raises(AssertionError):
        testing.assert_one_line_error(testing.run_script(script))


def test_labrun_finds_the_next_exercise(tmp_path, monkeypatch):
    monkeypatch.setattr(labrun, "REPO_ROOT", tmp_path)
    readme = tmp_path / "README.md"
    readme.write_text(
        textwrap.dedent("""\
        ## Walkthrough
        ### Not an exercise: exercises/a.py
        ## Exercises
        ### 1. First one
        Edit `exercises/a.py`.
        ### 2. Second one!
        Edit `exercises/b.py`.
        ## Further reading
        """)
    )
    tests = [
        {"score": 2, "max_score": 2, "extra_data": {"files": ["a.py"]}},
        {"score": 0, "max_score": 3, "extra_data": {"files": ["b.py"]}},
    ]
    assert labrun.next_exercise(readme, tests).split() == [
        "2.",
        "Second",
        "one!",
        "README.md#2-second-one",
    ]
    tests[1]["score"] = 3
    assert labrun.next_exercise(readme, tests) is None


def test_labrun_usage_and_unbuilt_lab(capsys, monkeypatch, tmp_path):
    assert labrun.main(["7"]) == 2
    monkeypatch.setattr(labrun, "lab_dir", lambda lab: tmp_path / "not-there")
    assert labrun.main(["09"]) == 1
    assert "not built yet" in capsys.readouterr().out


def test_python_is_supported():
    assert sys.version_info >= (3, 11)


def test_describe_error_reads_through_requests_wrappers(closed_port, backlog_full_port):
    import requests

    with requests.Session() as session:
        session.trust_env = False
        with pytest.raises(requests.ConnectionError) as refused:
            session.get(f"http://127.0.0.1:{closed_port}/", timeout=2)
        with pytest.raises(requests.ConnectTimeout) as slow:
            session.get(f"http://127.0.0.1:{backlog_full_port}/", timeout=0.5)
    assert cli.describe_error(refused.value) == "connection refused"
    assert cli.describe_error(slow.value) == "connect timed out"
    assert cli.describe_error(requests.ReadTimeout("x")) == "read timed out"
    response = requests.Response()
    response.status_code, response.reason = 404, "Not Found"
    assert cli.describe_error(requests.HTTPError(response=response)) == "HTTP 404 Not Found"


class _Stdin(io.StringIO):
    def __init__(self, text: str, terminal: bool):
        super().__init__(text)
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


def test_read_password_from_the_variable_a_terminal_or_a_pipe(monkeypatch):
    asked = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or "typed")
    monkeypatch.setenv("LAB_PW", "from-env")
    monkeypatch.setattr(sys, "stdin", _Stdin("piped\n", terminal=True))
    assert cli.read_password("Password: ", "LAB_PW") == "from-env"
    monkeypatch.delenv("LAB_PW")
    assert cli.read_password("Password: ", "LAB_PW") == "typed"
    assert asked == ["Password: "]
    monkeypatch.setattr(sys, "stdin", _Stdin("piped\nsecond\n", terminal=False))
    assert cli.read_password("Password: ", "LAB_PW") == "piped"
    assert asked == ["Password: "]  # no prompt for a pipe


def test_free_ports_are_different_and_free():
    ports = server.free_ports(40)
    assert len(set(ports)) == 40, "a port chosen twice would clash in one server's config"
    for port in ports[:5]:
        with socket.create_server(("127.0.0.1", port)):  # nothing holds it any more
            pass
