"""Exercise 1: build_inventory() builds the inventory document with ElementTree."""

import xml.etree.ElementTree as ET

import pytest


def canonical(xml) -> str:
    if isinstance(xml, ET.Element):
        xml = ET.tostring(xml)
    return ET.canonicalize(xml, strip_text=True)


def build(exercise, items):
    root = exercise.load("inventory.py").build_inventory(items)
    assert isinstance(root, ET.Element), "build_inventory must return an Element"
    return root


@pytest.mark.points(1)
def test_one_cheese(exercise):
    root = build(exercise, [("c01", "Caerphilly", 12)])
    expected = (
        '<inventory><cheese id="c01"><name>Caerphilly</name><stock>12</stock></cheese></inventory>'
    )
    assert canonical(root) == canonical(expected)


@pytest.mark.points(1)
def test_several_in_order_and_the_empty_inventory(exercise):
    items = [("c02", "Stilton", 0), ("c01", "Caerphilly", 12), ("c10", "Wensleydale", 7)]
    root = build(exercise, items)
    expected = (
        "<inventory>"
        + "".join(
            f'<cheese id="{i}"><name>{n}</name><stock>{s}</stock></cheese>' for i, n, s in items
        )
        + "</inventory>"
    )
    assert canonical(root) == canonical(expected)
    assert canonical(build(exercise, [])) == canonical("<inventory/>")


@pytest.mark.points(1)
def test_special_characters_are_escaped_by_elementtree(exercise):
    root = build(exercise, [('c"3', "Brie & <Camembert>", 5)])
    data = ET.tostring(root, encoding="utf-8")
    assert b"Brie &amp; &lt;Camembert&gt;" in data
    parsed = ET.fromstring(data)
    assert parsed.find("cheese").get("id") == 'c"3'
    assert parsed.findtext("cheese/name") == "Brie & <Camembert>"
    assert parsed.findtext("cheese/stock") == "5"
