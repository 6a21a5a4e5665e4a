"""The builtins-docstrings app in its three stages, route by route, with Flask's test client."""

from __future__ import annotations

import builtins
import html
import re

import pytest
import tinyflaskapp
import tinyflaskapp_style
import tinyflaskapp_templates
from flask import url_for

STAGES = [tinyflaskapp, tinyflaskapp_templates, tinyflaskapp_style]
TEMPLATED = [tinyflaskapp_templates, tinyflaskapp_style]

# Computed from this Python, never hard-coded: the builtins differ between versions.
EXPECTED = {
    name.lower(): obj.__doc__
    for name, obj in vars(builtins).items()
    if name[0].islower() and hasattr(obj, "__name__")
}
# The builtins the spec names whose docstrings contain < > or &.
MARKUP_DOCS = ["bin", "chr", "dir", "getattr", "hex", "iter", "max", "min", "oct", "vars"]
MARKUP_DOCS += ["bytes", "bytearray"]


@pytest.fixture(params=STAGES, ids=lambda m: m.__name__)
def stage(request):
    return request.param


@pytest.fixture
def client(stage):
    assert not stage.app.debug, "debug mode must be off unless --debug is given"
    return stage.app.test_client()


def links(page: str) -> list[str]:
    return re.findall(r'<a href="/functions/([^"]+)">\1</a>', page)


def test_docstrings_match_this_python(stage):
    assert stage.docstrings == EXPECTED
    assert len(EXPECTED) > 60  # 69 on 3.11-3.13


def test_index_lists_every_builtin_sorted(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Python builtins docstrings</h1>" in response.text
    assert links(response.text) == sorted(EXPECTED)


@pytest.mark.parametrize("name", ["len", "LEN", "Len"])
def test_docstring_page_ignores_case(client, name):
    response = client.get(f"/functions/{name}")
    assert response.status_code == 200
    assert "<h1>len</h1>" in response.text
    assert builtins.len.__doc__ in response.text  # no markup in len's docstring
    assert client.get("/functions/len").text == response.text or "_csrf_token" in response.text


@pytest.mark.parametrize(
    "path", ["/functions/nosuchthing", "/functions/", "/nowhere", "/functions/True"]
)
def test_unknown_pages_are_404(client, path):
    assert client.get(path).status_code == 404


def test_stage1_puts_docstrings_in_raw(tmp_path):
    # The XSS lesson: stage 1 pastes text into HTML unescaped.
    page = tinyflaskapp.app.test_client().get("/functions/bin").text
    assert ">>> bin" in page and "&gt;" not in page


@pytest.mark.parametrize("module", TEMPLATED, ids=lambda m: m.__name__)
@pytest.mark.parametrize("name", MARKUP_DOCS)
def test_templates_escape_docstrings(module, name):
    page = module.app.test_client().get(f"/functions/{name}").text
    escaped = str(html.escape(EXPECTED[name], quote=False))
    body = re.search(r'<pre class="docstring">(.*?)</pre>', page, re.S).group(1)
    # Jinja escapes ' and " too (as &#39; and &#34;): undo those two, compare the rest.
    assert body.replace("&#39;", "'").replace("&#34;", '"') == escaped
    assert not re.search(r"<(?!/?\w)", body.replace("&lt;", ""))  # no raw < left
    if name == "bin":
        assert "&gt;&gt;&gt; bin" in page


@pytest.mark.parametrize("module", TEMPLATED, ids=lambda m: m.__name__)
def test_templates_use_inheritance(module):
    client = module.app.test_client()
    index, doc = client.get("/").text, client.get("/functions/abs").text
    for page in (index, doc):
        assert page.startswith("<!DOCTYPE html>")
        assert '<div class="heading">' in page
    assert index.count('<div class="menuitem link">') == len(EXPECTED)
    assert '<a href="/">Home</a>' in doc
    with module.app.test_request_context():
        assert url_for("index") == "/"
        assert url_for("show_docstring", func_name="len") == "/functions/len"


def test_stage2_has_no_stylesheet_stage3_has_one():
    assert "style.css" not in tinyflaskapp_templates.app.test_client().get("/").text
    client = tinyflaskapp_style.app.test_client()
    assert '<link rel="stylesheet" href="/static/style.css">' in client.get("/").text
    css = client.get("/static/style.css")
    assert css.status_code == 200
    assert css.mimetype == "text/css"
    assert ".menuitem" in css.text
    with tinyflaskapp_style.app.test_request_context():
        assert url_for("static", filename="style.css") == "/static/style.css"


def test_stage1_returns_text_html():
    response = tinyflaskapp.app.test_client().get("/functions/abs")
    assert response.mimetype == "text/html"
    assert response.text == f"<h1>abs</h1>\n<pre>{EXPECTED['abs']}</pre>"


def test_builtins_is_a_dict_inside_an_imported_module():
    # Why the book's __builtins__.__dict__ fails when Gunicorn or a test imports the app.
    assert isinstance(tinyflaskapp.__builtins__, dict)
