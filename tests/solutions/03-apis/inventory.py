"""Exercise 1: build an inventory document with ElementTree.

Write :func:`build_inventory` so that, given ``(id, name, stock)`` tuples, it returns
the root Element of::

    <inventory>
      <cheese id="c01"><name>Caerphilly</name><stock>12</stock></cheese>
      <cheese id="c02"><name>Stilton</name><stock>0</stock></cheese>
    </inventory>

one ``<cheese>`` per tuple, in the order given, ``id`` as an attribute, ``name`` and
``stock`` as child elements in that order (the stock written as decimal text). An empty
list gives an empty ``<inventory/>``. Use ``ET.Element``, ``ET.SubElement``, ``.text``
and ``.attrib`` (or the ``SubElement`` keyword arguments); let ElementTree escape
characters such as ``&`` and ``<``, never build the XML text by hand.

Graded (``tests/lab03/test_ex01_inventory.py``) by comparing ``ET.canonicalize`` of your
document with the expected one, so indentation does not matter.

Try it::

    python inventory.py
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

from labkit import cli


def build_inventory(items: list[tuple[str, str, int]]) -> ET.Element:
    """``<inventory>`` with one ``<cheese id=...><name/><stock/></cheese>`` per item."""
    root = ET.Element("inventory")
    for item_id, name, stock in items:
        cheese = ET.SubElement(root, "cheese", id=item_id)
        ET.SubElement(cheese, "name").text = name
        ET.SubElement(cheese, "stock").text = str(int(stock))
    return root


def main(argv=None) -> int:
    cli.ArgumentParser(description="Print a small inventory document.").parse_args(argv)
    root = build_inventory([("c01", "Caerphilly", 12), ("c02", "Stilton", 0)])
    ET.indent(root)
    print(ET.tostring(root, encoding="unicode"))
    return cli.OK


if __name__ == "__main__":
    sys.exit(main())
