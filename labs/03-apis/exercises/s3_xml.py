"""Exercise 2: read S3's namespaced XML.

S3's successful answers are in the namespace ``http://s3.amazonaws.com/doc/2006-03-01/``
(its error documents are not). The root of ``GET /`` ("list my buckets") is really
``{http://s3.amazonaws.com/doc/2006-03-01/}ListAllMyBucketsResult``, so a plain
``root.find("Buckets")`` returns ``None``. Give ``find``/``findall`` the namespace, either
in Clark notation (``f"{{{NS}}}Buckets"``) or with a prefix map
(``root.findall("s3:Buckets/s3:Bucket", {"s3": NS})``).

Write:

- :func:`list_bucket_names`: the ``Name`` of every ``Bucket`` in a
  ``ListAllMyBucketsResult`` document, in document order (``[]`` when there are none);
- :func:`list_keys`: ``(key, size)`` for every ``Contents`` in a ``ListBucketResult``
  document (``GET /bucket?list-type=2``), size as an ``int``, in document order.

Both take the response body as bytes (``r.content``) and raise ``ValueError`` when the
document's root is not the expected element (an ``<Error>`` document, say).

Graded (``tests/lab03/test_ex02_s3_xml.py``) on real answers of a moto server.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: F401  (you will need it)

NS = "http://s3.amazonaws.com/doc/2006-03-01/"


def list_bucket_names(xml_bytes: bytes) -> list[str]:
    """Bucket names from a ListAllMyBucketsResult document."""
    # TODO (exercise 2)
    raise NotImplementedError("exercise 2: write list_bucket_names()")


def list_keys(xml_bytes: bytes) -> list[tuple[str, int]]:
    """(key, size) pairs from a ListBucketResult document."""
    # TODO (exercise 2)
    raise NotImplementedError("exercise 2: write list_keys()")
