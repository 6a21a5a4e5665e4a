"""XML with ElementTree: build a small document, change it, turn it into bytes.

Follows "XML" and "The basics of ElementTree" in chapter 3 of the book, which types
these steps at the Python prompt. Each step prints what ``ET.dump`` shows after it.

Run it::

    python xml_basics.py

Two traps the book does not mention. An Element with no children is *false*, so
``if element:`` says nothing about whether ``find()`` found it (and warns on Python
3.12+): compare with ``None``. And ``ET.tostring`` returns bytes; pass
``encoding="unicode"`` for a str, ``encoding="utf-8"`` for the bytes of an HTTP body.
"""

from __future__ import annotations

import io
import sys
import xml.etree.ElementTree as ET
from contextlib import redirect_stdout

from xmlutil import indented, pretty

from labkit import cli


def dumped(element: ET.Element) -> str:
    """What ``ET.dump(element)`` prints (it writes to stdout and returns nothing)."""
    out = io.StringIO()
    with redirect_stdout(out):
        ET.dump(element)
    return out.getvalue().rstrip("\n")


def build_inventory() -> ET.Element:
    """``<inventory><cheese id="c01"><name>Caerphilly</name></cheese></inventory>``."""
    root = ET.Element("inventory")
    cheese = ET.SubElement(root, "cheese", id="c01")
    name = ET.SubElement(cheese, "name")
    name.text = "Caerphilly"
    return root


def demo() -> None:
    root = ET.Element("inventory")
    print("1. an empty root element:       ", dumped(root))
    cheese = ET.Element("cheese")
    root.append(cheese)
    print("2. append a child:              ", dumped(root))
    name = ET.SubElement(cheese, "name")
    name.text = "Caerphilly"
    print("3. SubElement, with text:       ", dumped(root))
    temp = ET.SubElement(root, "temp")
    print("4. add <temp>:                  ", dumped(root))
    root.remove(temp)
    print("5. remove it again:             ", dumped(root))
    cheese.attrib["id"] = "c01"
    print("6. an attribute:                ", dumped(root))
    print()
    print("Pretty, with minidom:")
    print(pretty(root))
    print("Pretty, with ET.indent (no declaration):")
    print(indented(root))
    print()
    data = ET.tostring(name, encoding="utf-8")
    print(f"ET.tostring(name, encoding='utf-8') -> {type(data).__name__}: {data!r}")
    text = ET.tostring(name, encoding="unicode")
    print(f"ET.tostring(name, encoding='unicode') -> {type(text).__name__}: {text!r}")
    print()
    found = root.find("cheese/name")
    missing = root.find("cheese/price")
    print(f"len(found) = {len(found)}: no children, so bool(found) would be False")
    print(f"found is not None: {found is not None}; missing is not None: {missing is not None}")


def main(argv=None) -> int:
    cli.ArgumentParser(description="ElementTree basics, step by step.").parse_args(argv)
    demo()
    return cli.OK


if __name__ == "__main__":
    sys.exit(main())
