"""Exercise 2: read S3's namespaced XML. Reference solution."""

from __future__ import annotations

import xml.etree.ElementTree as ET

NS = "http://s3.amazonaws.com/doc/2006-03-01/"
PREFIX = {"s3": NS}


def _root(xml_bytes: bytes, expected: str) -> ET.Element:
    root = ET.fromstring(xml_bytes)
    if root.tag != f"{{{NS}}}{expected}":
        raise ValueError(f"expected {expected}, got {root.tag}")
    return root


def list_bucket_names(xml_bytes: bytes) -> list[str]:
    """Bucket names from a ListAllMyBucketsResult document."""
    root = _root(xml_bytes, "ListAllMyBucketsResult")
    return [name.text or "" for name in root.findall("s3:Buckets/s3:Bucket/s3:Name", PREFIX)]


def list_keys(xml_bytes: bytes) -> list[tuple[str, int]]:
    """(key, size) pairs from a ListBucketResult document."""
    root = _root(xml_bytes, "ListBucketResult")
    return [
        (contents.findtext("s3:Key", "", PREFIX), int(contents.findtext("s3:Size", "0", PREFIX)))
        for contents in root.findall("s3:Contents", PREFIX)
    ]
