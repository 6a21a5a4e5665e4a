"""Lab 02's scripts against the lab network's web host: plain nginx, over HTTP and HTTPS."""

import pytest

from labkit import config, testing

from .conftest import LAB

pytestmark = pytest.mark.labnet


@pytest.fixture
def www():
    lab = config.load()
    return lab, f"http://{lab.host('www').address}", f"https://{lab.host('www').address}"


def test_show_headers_from_nginx(www):
    _, http_base, _ = www
    result = testing.run_script(
        LAB / "show_headers.py", "--base-url", http_base, "--path", "/robots.txt"
    )
    assert result.returncode == 0, result.stderr
    assert "Server: nginx" in result.stdout
    assert "Accept-Encoding: identity" in result.stdout  # urllib's request, as sent


def test_a_404_from_nginx_is_an_http_error(www):
    _, http_base, _ = www
    result = testing.run_script(LAB / "http_errors.py", f"{http_base}/no-such-page")
    testing.assert_one_line_error(result, 1)
    assert "HTTPError: 404" in result.stderr


def test_stream_download_over_https_with_the_lab_ca(www, tmp_path):
    lab, _, https_base = www
    out = tmp_path / "rfc2324.txt"
    url = f"{https_base}/rfc/rfc2324.txt"
    result = testing.run_script(
        LAB / "stream_download.py", url, out, "--quiet", "--cafile", lab.ca_cert
    )
    assert result.returncode == 0, result.stderr
    assert "Hyper Text Coffee Pot" in out.read_text()
    untrusted = testing.run_script(LAB / "stream_download.py", url, tmp_path / "x", "--quiet")
    testing.assert_one_line_error(untrusted, 1)
