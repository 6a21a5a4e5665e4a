"""retry_adapter.py: urllib3 retries GETs on 502/503/504 below requests."""

from labkit import testing

from .conftest import LAB

SCRIPT = LAB / "retry_adapter.py"
retry_adapter = testing.load_module(SCRIPT)


def run(*args, **kwargs):
    return testing.run_script(SCRIPT, *args, **kwargs)


def test_help():
    result = run("--help")
    assert result.returncode == 0
    assert "--retries" in result.stdout and "--backoff" in result.stdout


def test_two_503s_then_200(flaky):
    url = f"{flaky.url}/flaky/a?fail=2"
    result = run(url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"GET {url}",
        "attempt 1: 503 (retrying)",
        "attempt 2: 503 (retrying)",
        "attempt 3: 200 OK",
    ]
    assert flaky.attempts["/flaky/a"] == 3


def test_success_at_once_is_one_attempt(web):
    result = run(f"{web.url}/status/200")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == ["attempt 1: 200 OK"]
    assert len(web.requests_to("/status/200")) == 1


def test_exhausted_retries_is_one_line_and_exit_1(web):
    result = run(f"{web.url}/status/503", "--backoff", "0")
    line = testing.assert_one_line_error(result, 1)
    assert "HTTP 503" in line and "after 4 attempts" in line
    assert result.stdout.splitlines()[-1] == "attempt 4: 503 SERVICE UNAVAILABLE"
    assert len(web.requests_to("/status/503")) == 4


def test_retries_option(flaky):
    result = run(f"{flaky.url}/flaky/b?fail=5", "--retries", "1", "--backoff", "0")
    assert "after 2 attempts" in testing.assert_one_line_error(result, 1)
    assert flaky.attempts["/flaky/b"] == 2


def test_404_is_not_retried(web):
    result = run(f"{web.url}/status/404")
    assert "HTTP 404" in testing.assert_one_line_error(result, 1)
    assert len(web.requests_to("/status/404")) == 1


def test_a_post_through_the_same_session_is_not_retried(flaky):
    with retry_adapter.make_session() as session:
        response = session.post(f"{flaky.url}/flaky/c?fail=1", data=b"x", timeout=5)
    assert response.status_code == 503
    assert flaky.log == [("POST", "/flaky/c")]


def test_refused_after_retries(closed_port):
    result = run(f"http://127.0.0.1:{closed_port}/", "--backoff", "0")
    assert "connection refused" in testing.assert_one_line_error(result, 1)


def test_silent_server_times_out(silent_port):
    result = run(
        f"http://127.0.0.1:{silent_port}/", "--timeout", "0.3", "--retries", "1", timeout=20
    )
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_bad_arguments_are_usage_errors():
    testing.assert_one_line_error(run("not-a-url"), 2)
    testing.assert_one_line_error(run("http://127.0.0.1:1/", "--retries", "-1"), 2)
    testing.assert_one_line_error(run(), 2)
