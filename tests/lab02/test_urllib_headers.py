"""C2-4 accept_language.py, C2-5 compression.py, C2-6 charset_decode.py, C2-7 user_agent.py."""

import gzip
import zlib

import accept_language
import charset_decode
import compression
import pytest
import user_agent

from labkit import testing

from .conftest import LAB

# --- C2-4 accept_language.py ------------------------------------------------------------


def test_header_items_before_and_after_sending(web):
    before, after, (language, first_lines) = accept_language.fetch_in(
        f"{web.url}/debian/", "sv", timeout=5
    )
    assert before == [("Accept-language", "sv")]  # urllib's capitalisation
    assert sorted(after) == [
        ("Accept-language", "sv"),
        ("Host", f"127.0.0.1:{web.port}"),
        ("User-agent", web.log[0].header("User-Agent")),
    ]
    assert language == "sv"
    assert first_lines[1] == b'<html lang="sv">\n'
    assert "Det universella operativsystemet" in first_lines[4].decode("utf-8")
    assert web.log[0].header("Accept-Language") == "sv"


def test_accept_language_output(web):
    result = testing.run_script(LAB / "accept_language.py", "--base-url", web.url)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "header_items() before sending: [('Accept-language', 'sv')]\n" in out
    assert "('User-agent', 'Python-urllib/3." in out
    assert "Content-Language: sv\n" in out
    assert '  <html lang="sv">\n' in out
    assert "  <title>Debian — Det universella operativsystemet </title>\n" in out


def test_accept_language_english(web):
    result = testing.run_script(LAB / "accept_language.py", "--base-url", web.url, "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "Content-Language: en\n" in result.stdout
    assert "The Universal Operating System" in result.stdout
    assert web.log[0].header("Accept-Language") == "en"


@pytest.mark.parametrize("lang", ["sv\r\nX-Evil: 1", "", "sv/en"])
def test_accept_language_bad_lang(lang):
    result = testing.run_script(LAB / "accept_language.py", "--lang", lang)
    assert "--lang" in testing.assert_one_line_error(result, 2)


def test_the_fixture_log_shows_language_then_both_user_agents(web):
    for script in ("accept_language.py", "user_agent.py"):
        result = testing.run_script(LAB / script, "--base-url", web.url)
        assert result.returncode == 0, result.stderr
    assert [entry.path for entry in web.log] == ["/debian/", "/headers", "/headers"]
    assert web.log[0].header("Accept-Language") == "sv"
    agents = [entry.header("User-Agent") for entry in web.log]
    assert agents[0] == agents[1]
    assert agents[1].startswith("Python-urllib/3.")
    assert agents[2] == user_agent.BOOK_BROWSER


# --- C2-5 compression.py ------------------------------------------------------------------


def test_gzip_raw_body_and_decompressed(web):
    coding, raw = compression.fetch_encoded(f"{web.url}/debian/", "gzip", timeout=5)
    assert coding == "gzip"
    assert raw[:2] == b"\x1f\x8b"
    assert b"<title>Debian \xe2\x80\x94 The Universal" in gzip.decompress(raw)
    assert compression.decode(coding, raw) == gzip.decompress(raw)
    assert web.log[0].header("Accept-Encoding") == "gzip"


def test_compression_output_gzip(web):
    result = testing.run_script(LAB / "compression.py", "--base-url", web.url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == ["Accept-Encoding: gzip", "Content-Encoding: gzip"]
    assert lines[2].startswith("raw body: ") and lines[2].endswith("bytes, starting 1f 8b")
    assert lines[-1] == "  <title>Debian — The Universal Operating System </title>"


@pytest.mark.parametrize(
    ("accept", "coding"),
    [
        ("identity", "None"),
        ("deflate, gzip, identity", "gzip"),
        ("deflate", "deflate"),
        ("gzip;q=0.5, deflate", "deflate"),
        ("gzip, deflate;q=0.8, identity;q=0.0", "gzip"),
    ],
)
def test_compression_codings(web, accept, coding):
    result = testing.run_script(LAB / "compression.py", "--base-url", web.url, "--encoding", accept)
    assert result.returncode == 0, result.stderr
    assert f"\nContent-Encoding: {coding}" in result.stdout
    assert "The Universal Operating System" in result.stdout
    assert web.log[0].header("Accept-Encoding") == accept


def test_identity_means_no_content_encoding(web):
    coding, raw = compression.fetch_encoded(f"{web.url}/debian/", "identity", timeout=5)
    assert coding is None
    assert raw.startswith(b"<!DOCTYPE HTML")


def test_nothing_acceptable_is_406(web):
    result = testing.run_script(
        LAB / "compression.py", "--base-url", web.url, "--encoding", "identity;q=0, *;q=0"
    )
    assert "406" in testing.assert_one_line_error(result, 1)


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("garbage", "malformed gzip body"),
        ("truncated", "malformed gzip body"),
        ("brotli", "unsupported Content-Encoding: br"),
    ],
)
def test_bad_bodies_are_one_line(odd_server, kind, message):
    result = testing.run_script(LAB / "compression.py", "--base-url", f"{odd_server}/{kind}")
    assert message in testing.assert_one_line_error(result, 1)


def test_decode_table():
    body = b"hello " * 100
    assert compression.decode("gzip", gzip.compress(body)) == body
    assert compression.decode("GZIP", gzip.compress(body)) == body
    assert compression.decode("deflate", zlib.compress(body)) == body
    assert compression.decode(None, body) == body
    assert compression.decode("identity", body) == body
    for coding, raw in [("gzip", b"nope"), ("deflate", b"nope"), ("gzip", gzip.compress(body)[:9])]:
        with pytest.raises(compression.DecodingError):
            compression.decode(coding, raw)
    with pytest.raises(compression.DecodingError, match="unsupported"):
        compression.decode("compress", body)


def test_compression_bad_encoding_argument():
    result = testing.run_script(LAB / "compression.py", "--encoding", "gzip\r\nX: y")
    assert "--encoding" in testing.assert_one_line_error(result, 2)


# --- C2-6 charset_decode.py -----------------------------------------------------------------


def test_decode_body_table():
    text = "café “quoted”…"
    utf8 = text.encode("utf-8")
    assert charset_decode.decode_body(utf8, "utf-8")[:2] == (text, "utf-8")
    decoded, used, note = charset_decode.decode_body(utf8, "ascii")  # a wrong charset
    assert (decoded, used) == (text, "utf-8")
    assert "ascii failed" in note
    decoded, used, note = charset_decode.decode_body(utf8, None)  # no charset
    assert (decoded, used) == (text, "utf-8")
    assert "no charset declared" in note
    decoded, used, note = charset_decode.decode_body(utf8, "klingon")  # an unknown codec
    assert (decoded, used) == (text, "utf-8")
    assert "not a known codec" in note
    decoded, used, _note = charset_decode.decode_body("café".encode("latin-1"), None)
    assert (decoded, used) == ("café", "latin-1")
    assert charset_decode.decode_body(b"caf\xe9", "latin-1")[:2] == ("café", "latin-1")


@pytest.mark.parametrize(
    ("path", "declared"),
    [("/python/utf8", "utf-8"), ("/python/wrong-charset", "ascii"), ("/python/no-charset", None)],
)
def test_fetch_text(web, path, declared):
    decoded = charset_decode.fetch_text(web.url + path, timeout=5)
    assert decoded.declared == declared
    assert decoded.used == "utf-8"
    assert "café, naïve, “quotes”" in decoded.text


def test_charset_decode_output(web):
    result = testing.run_script(LAB / "charset_decode.py", "--base-url", web.url)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert out.count("  text: Python – café, naïve, “quotes”, and an ellipsis…\n") == 3
    assert "  Content-Type: text/html; charset=utf-8\n  declared charset: utf-8\n" in out
    assert "  decoded with: utf-8 (the declared charset)\n" in out
    assert "  decoded with: utf-8 (ascii failed: ordinal not in range(128)" in out
    assert "  declared charset: None\n  decoded with: utf-8 (no charset declared;" in out
    assert [e.path for e in web.log] == [
        "/python/utf8",
        "/python/wrong-charset",
        "/python/no-charset",
    ]


def test_charset_decode_one_path(web):
    result = testing.run_script(
        LAB / "charset_decode.py", "--base-url", web.url, "--path", "/python/wrong-charset"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("/python/wrong-charset\n")
    assert [e.path for e in web.log] == ["/python/wrong-charset"]


# --- C2-7 user_agent.py -----------------------------------------------------------------------


def test_send_reports_both_sides(web):
    ours, seen = user_agent.send(f"{web.url}/headers", timeout=5)
    assert ours == seen == web.log[0].header("User-Agent")
    assert ours.startswith("Python-urllib/3.")
    ours, seen = user_agent.send(f"{web.url}/headers", 5, "lab-client/1.0")
    assert ours == seen == "lab-client/1.0"


def test_user_agent_output(web):
    result = testing.run_script(LAB / "user_agent.py", "--base-url", web.url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("urllib's User-Agent: Python-urllib/3.")
    assert lines[1].split(":", 1)[1].strip() == lines[0].split(":", 1)[1].strip()
    assert lines[2] == f"spoofed User-Agent:  {user_agent.BOOK_BROWSER}"
    assert lines[3] == f"  the server saw:    {user_agent.BOOK_BROWSER}"


def test_user_agent_option(web):
    result = testing.run_script(
        LAB / "user_agent.py", "--base-url", web.url, "--user-agent", "lab-client/1.0"
    )
    assert result.returncode == 0, result.stderr
    assert web.log[1].header("User-Agent") == "lab-client/1.0"


def test_user_agent_bad_value():
    result = testing.run_script(LAB / "user_agent.py", "--user-agent", "a\nb")
    assert "--user-agent" in testing.assert_one_line_error(result, 2)


def test_user_agent_not_json(odd_server):
    result = testing.run_script(LAB / "user_agent.py", "--base-url", f"{odd_server}/html")
    assert "JSON" in testing.assert_one_line_error(result, 1)
