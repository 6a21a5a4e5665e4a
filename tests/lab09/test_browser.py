"""The stage-3 app in a real browser: headless Chromium driven by Selenium.

The browser comes from ``labkit.browser`` (Debian's chromium, Selenium offline). The
``browser`` marker skips the test, naming the fix, where Chromium is missing.
"""

from __future__ import annotations

import pytest
import tinyflaskapp_style

from labkit import browser as labkit_browser

pytestmark = pytest.mark.browser


@pytest.fixture
def browser(tmp_path):
    if browser_problem := labkit_browser.problem():
        pytest.skip(browser_problem)
    with labkit_browser.headless_chromium(tmp_path / "chromium-profile") as driver:
        yield driver


def click_and_wait(browser, element) -> None:
    """Click something that loads a new page, and wait until the old page is gone."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    old_page = browser.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(browser, 10).until(expected_conditions.staleness_of(old_page))


def test_index_link_form_and_escaping(browser, serve):
    from selenium.webdriver.common.by import By

    base = serve(tinyflaskapp_style.app)
    browser.get(base + "/")
    assert browser.title == "Python builtins docstrings"
    links = browser.find_elements(By.CSS_SELECTOR, "div.menuitem.link a")
    assert len(links) == len(tinyflaskapp_style.docstrings)
    # The stylesheet applies: the heading is Python blue.
    heading = browser.find_element(By.CSS_SELECTOR, ".heading")
    assert heading.value_of_css_property("background-color") == "rgba(48, 105, 152, 1)"

    # Follow a link to a docstring with markup in it.
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "bin"))
    assert browser.current_url == base + "/functions/bin"
    pre = browser.find_element(By.CSS_SELECTOR, "pre.docstring")
    assert ">>> bin(2796202)" in pre.text  # escaped in the HTML, so shown as text
    assert pre.find_elements(By.XPATH, "./*") == []  # and no element was made from it

    # Submit the CSRF-protected form with markup in the note.
    note = "<b>bold?</b><script>document.title='pwned'</script>"
    browser.find_element(By.NAME, "note").send_keys(note)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    item = browser.find_element(By.CSS_SELECTOR, "ul.notes li")
    assert item.text == note  # the markup shows as text
    assert item.find_elements(By.XPATH, "./*") == []
    assert browser.title == "bin"  # the script did not run
    assert "&lt;script&gt;" in browser.page_source  # the DOM holds text, not a script

    # Back to the index through the Home link.
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Home"))
    assert browser.current_url == base + "/"
