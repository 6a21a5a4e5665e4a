"""Pretty-print XML: the book's ``xml_pprint``, accepting an Element, bytes or text.

Follows "Pretty printing" in chapter 3 of the book. ElementTree writes a document on one
line; ``xml.dom.minidom`` can re-parse that text and indent it. The book's helper took
an Element only; later in the chapter it is handed S3's responses, which are text, so
this one takes any of the three.

    >>> import xml.etree.ElementTree as ET
    >>> from xmlutil import xml_pprint
    >>> xml_pprint(b"<cheese id='c01'><name>Caerphilly</name></cheese>")
    <?xml version="1.0" ?>
    <cheese id="c01">
      <name>Caerphilly</name>
    </cheese>
    <BLANKLINE>

Since Python 3.9 ``ET.indent()`` indents a tree in place, no minidom needed: see
:func:`indented`. Import these functions; the module has no command line.
"""

from __future__ import annotations

import copy
import xml.dom.minidom as minidom
import xml.etree.ElementTree as ET

XML = ET.Element | bytes | str


def to_bytes(xml: XML) -> bytes:
    """The document as bytes, whichever of Element, bytes or str it came as."""
    if isinstance(xml, ET.Element):
        return ET.tostring(xml, encoding="utf-8")
    if isinstance(xml, str):
        return xml.encode("utf-8")
    return bytes(xml)


def pretty(xml: XML, indent: str = "  ") -> str:
    """The document indented by minidom; starts with ``<?xml version="1.0" ?>``.

    A ``str`` that declares an encoding (``<?xml ... encoding="utf-8"?>``) is fine:
    it is encoded to UTF-8 bytes first. Raises ``xml.parsers.expat.ExpatError`` for
    text that is not well-formed XML.
    """
    return minidom.parseString(to_bytes(xml)).toprettyxml(indent=indent)


def xml_pprint(xml: XML) -> None:
    """Print ``xml`` indented (the book's helper)."""
    print(pretty(xml))


def indented(element: ET.Element, space: str = "  ") -> str:
    """The modern way: ``ET.indent`` on a copy, then ``tostring`` as text (no declaration)."""
    tree = copy.deepcopy(element)  # ET.indent changes the tree it is given
    ET.indent(tree, space=space)
    return ET.tostring(tree, encoding="unicode")
