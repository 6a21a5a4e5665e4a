"""What every lab 07 script must do: ``--help``, and bad arguments as one-line usage errors."""

import pytest

from labkit import lab_dir, testing

LAB = lab_dir("07")
SCRIPTS = sorted(path.name for path in LAB.glob("*.py"))


def test_the_expected_scripts_exist():
    assert set(SCRIPTS) >= {
        "create_socket.py",
        "tcp_client_socket.py",
        "simple_tcp_client.py",
        "tcp_time_server.py",
        "tcp_time_client.py",
        "udp_server.py",
        "udp_client.py",
        "port_forwarding.py",
        "tcp_forwarder.py",
        "non_blocking_server.py",
        "ssl_client.py",
        "ssl_socket_server.py",
        "ssl_socket_client.py",
        "async_time_server.py",
        "make_certs.py",
        "web_fixture.py",
        "tunnel_servers.py",
    }


@pytest.mark.parametrize("script", SCRIPTS)
def test_help(script):
    result = testing.run_script(LAB / script, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: " + script)
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("script", "args", "fragment"),
    [
        ("create_socket.py", ["--family", "ipx"], "invalid choice"),
        ("tcp_client_socket.py", ["--port", "70000"], "port must be between 0 and 65535"),
        ("simple_tcp_client.py", ["--timeout", "0"], "must be greater than 0"),
        ("simple_tcp_client.py", ["--path", "no-slash"], "--path must start with /"),
        ("tcp_time_server.py", ["--port", "http"], "not a port number"),
        ("tcp_time_server.py", ["--max-clients", "0"], "--max-clients must be 1 or more"),
        ("tcp_time_client.py", ["--port", "-1"], "port must be between"),
        ("udp_server.py", ["--max-datagrams", "0"], "must be 1 or more"),
        ("udp_client.py", ["--timeout", "soon"], "not a number"),
        ("port_forwarding.py", ["--ssh-port", "99999"], "port must be between"),
        ("tcp_forwarder.py", [], "--target-port"),
        ("non_blocking_server.py", ["--port", "x"], "not a port number"),
        ("ssl_client.py", ["--port", "443x"], "not a port number"),
        ("ssl_socket_server.py", ["--max-tls", "1.0"], "invalid choice"),
        ("ssl_socket_client.py", ["--timeout", "-1"], "must be greater than 0"),
        ("async_time_server.py", ["--client-timeout", "0"], "must be greater than 0"),
        ("make_certs.py", ["--bogus"], "unrecognized arguments"),
        ("web_fixture.py", ["--body-size", "-1"], "--body-size must be 0 or more"),
        ("tunnel_servers.py", ["--ssh-port", "65536"], "port must be between"),
    ],
)
def test_a_bad_argument_is_a_usage_error(script, args, fragment):
    result = testing.run_script(LAB / script, *args)
    assert result.stdout == ""
    line = testing.assert_one_line_error(result, 2)
    assert line.startswith(f"{script}: error: ") and fragment in line, line


@pytest.mark.parametrize(
    "script", ["tcp_time_server.py", "udp_server.py", "ssl_socket_server.py", "web_fixture.py"]
)
def test_a_port_in_use_is_one_line(script, certs):
    import socket

    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        args = ["--port", str(port)]
        if script == "ssl_socket_server.py":
            args += ["--cert", certs["server.pem"], "--key", certs["server.key"]]
        if script == "udp_server.py":
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                udp.bind(("127.0.0.1", port))
                result = testing.run_script(LAB / script, *args)
        else:
            result = testing.run_script(LAB / script, *args)
    line = testing.assert_one_line_error(result, 1)
    assert f"cannot listen on 127.0.0.1:{port}" in line or f"cannot bind 127.0.0.1:{port}" in line
    assert "in use" in line
