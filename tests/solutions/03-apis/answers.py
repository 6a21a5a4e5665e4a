"""Exercise 15: XPath drills.

Replace each ``None`` with an XPath expression (a string). The tests evaluate it with
``root.xpath(EXPRESSION)``, where ``root = lxml.etree.HTML(page_bytes)`` is the
``<html>`` element of a page of the lab site, and compare with the right answer.
Try your expressions in a Python shell first (see ``scrape_explore.py``).

Graded (``pytest tests/lab03/test_ex15_xpath.py``) on ``/releases/stable/`` and
``/variants/extra-div/``.
"""

# The href of every link inside <div id="content">, in document order
# (a list of strings: select the attribute, not the element).
CONTENT_LINKS = '//div[@id="content"]//a/@href'

# The second <div> child of <body> (positions count from 1).
SECOND_DIV = "body/div[2]"

# Every <div> that has an <h1> child.
DIVS_WITH_H1 = "//div[h1]"

# The text of the page's <title> (a string, or a list holding one string).
TITLE_TEXT = "string(/html/head/title)"
