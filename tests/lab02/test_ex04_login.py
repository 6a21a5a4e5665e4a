"""Exercise 4: log in, save a MozillaCookieJar, reuse it from a new process."""

import http.cookiejar

import pytest

from labkit import testing


def session_cookies(jar_path):
    jar = http.cookiejar.MozillaCookieJar(str(jar_path))
    jar.load()
    return [cookie for cookie in jar if cookie.name == "session"]


@pytest.mark.points(1)
def test_login_saves_the_session_cookie(exercise, web, tmp_path):
    jar_path = tmp_path / "cookies.txt"
    exercise.load("login.py").login(web.url, "student", "labpass", str(jar_path))
    assert jar_path.is_file(), "login() must save the jar to jar_path"
    [cookie] = session_cookies(jar_path)
    assert cookie.value in web.state.sessions
    assert cookie.path == "/"
    [post] = [r for r in web.requests_to("/login") if r.method == "POST"]
    assert post.body in (b"user=student&password=labpass", b"password=labpass&user=student")


@pytest.mark.points(2)
def test_a_new_process_gets_the_private_page(exercise, web, tmp_path):
    jar_path = tmp_path / "cookies.txt"
    exercise.load("login.py").login(web.url, "student", "labpass", str(jar_path))
    [cookie] = session_cookies(jar_path)
    before = len(web.requests_to("/private"))
    result = testing.run_script(
        exercise.path("login.py"), "private", "--base-url", web.url, "--jar", jar_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "200"
    requests_seen = web.requests_to("/private")[before:]
    assert len(requests_seen) == 1
    assert f"session={cookie.value}" in (requests_seen[0].header("Cookie") or "")
    assert web.requests_to("/login")[-1].method == "POST"  # not sent back to the form


@pytest.mark.points(1)
def test_without_the_cookie_it_is_a_302(exercise, web, tmp_path):
    jar_path = tmp_path / "empty.txt"
    http.cookiejar.MozillaCookieJar(str(jar_path)).save()
    status = exercise.load("login.py").fetch_private(web.url, str(jar_path))
    assert status == 302, "fetch_private must not follow the redirect to /login"
    assert web.requests_to("/login") == []


@pytest.mark.points(1)
def test_a_wrong_password_raises(exercise, web, tmp_path):
    module = exercise.load("login.py")
    jar_path = tmp_path / "cookies.txt"
    with pytest.raises(module.LoginFailed):
        module.login(web.url, "student", "wrong", str(jar_path))
    assert not jar_path.exists() or session_cookies(jar_path) == []
    assert web.state.sessions == set()
