"""xml_basics.py (P1) and xmlutil.py (P2)."""

import xml.etree.ElementTree as ET
from xml.parsers.expat import ExpatError

import pytest
import xml_basics
import xmlutil

from labkit import testing

from .conftest import LAB

BOOK_DOCUMENT = '<inventory><cheese id="c01"><name>Caerphilly</name></cheese></inventory>'


def canonical(xml: str | bytes) -> str:
    return ET.canonicalize(xml, strip_text=True)


def test_built_tree_is_the_books_document():
    root = xml_basics.build_inventory()
    assert canonical(ET.tostring(root)) == canonical(BOOK_DOCUMENT)


def test_tostring_returns_bytes_without_declaration():
    root = xml_basics.build_inventory()
    data = ET.tostring(root.find("cheese/name"), encoding="utf-8")
    assert isinstance(data, bytes)
    assert data == b"<name>Caerphilly</name>"
    assert isinstance(ET.tostring(root, encoding="unicode"), str)


@pytest.mark.parametrize(
    "document",
    [
        xml_basics.build_inventory(),
        BOOK_DOCUMENT.encode(),
        BOOK_DOCUMENT,
        '<?xml version="1.0" encoding="utf-8"?>\n' + BOOK_DOCUMENT,  # str with a declaration
    ],
    ids=["element", "bytes", "str", "str-with-declaration"],
)
def test_xml_pprint_accepts_element_bytes_and_str(capsys, document):
    xmlutil.xml_pprint(document)
    out = capsys.readouterr().out
    assert out.startswith('<?xml version="1.0" ?>\n')
    assert 'id="c01"' in out
    assert "\n    <name>Caerphilly</name>\n" in out  # two levels of two-space indentation


def test_pretty_of_non_ascii_text():
    text = xmlutil.pretty("<city><name>Zürich</name></city>")
    assert "<name>Zürich</name>" in text


def test_malformed_xml_raises():
    with pytest.raises(ExpatError):
        xmlutil.pretty("<inventory><cheese></inventory>")
    with pytest.raises(ET.ParseError):
        ET.fromstring("")


def test_indented_uses_et_indent_and_keeps_the_original():
    root = xml_basics.build_inventory()
    before = ET.tostring(root)
    text = xmlutil.indented(root)
    assert text.startswith("<inventory>\n  <cheese")
    assert not text.startswith("<?xml")
    assert ET.tostring(root) == before


def test_dumped_is_what_et_dump_prints():
    assert xml_basics.dumped(ET.Element("inventory")) == "<inventory />"


def test_script_output():
    result = testing.run_script(LAB / "xml_basics.py", env={"PYTHONWARNINGS": "error"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith("<inventory />")
    assert lines[3].endswith("<temp /></inventory>")
    assert lines[4].endswith("<inventory><cheese><name>Caerphilly</name></cheese></inventory>")
    assert lines[5].endswith(BOOK_DOCUMENT)
    assert '<?xml version="1.0" ?>' in lines
    assert "ET.tostring(name, encoding='utf-8') -> bytes: b'<name>Caerphilly</name>'" in lines
    assert "found is not None: True; missing is not None: False" in lines


def test_script_help_and_usage():
    assert testing.run_script(LAB / "xml_basics.py", "--help").returncode == 0
    testing.assert_one_line_error(testing.run_script(LAB / "xml_basics.py", "extra"), 2)


def test_no_element_truthiness_in_the_lab_code():
    # `if element:` is deprecated on 3.12+; the lab's code compares with None.
    for name in ("xml_basics.py", "xmlutil.py", "s3_client.py", "s3_errors_explore.py"):
        source = (LAB / name).read_text()
        assert "if root.find(" not in source and "if elem:" not in source
