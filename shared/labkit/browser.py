"""Headless Chromium driven by Selenium, for the tests marked ``browser``.

Uses Debian's chromium and chromedriver (``apt-get install chromium chromium-driver``).
Selenium Manager is told to stay offline, so nothing is ever downloaded, and no proxy
is used: the browser talks only to the loopback servers a test starts.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PROXY_VARS = ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


def problem() -> str | None:
    """Why no browser can be started here, or None."""
    if not Path(CHROMEDRIVER).exists():
        return "chromedriver not found: apt-get install chromium-driver"
    return None


@contextlib.contextmanager
def headless_chromium(profile_dir: Path, page_load_timeout: float = 20) -> Iterator:
    """A Selenium ``webdriver.Chrome`` on a fresh profile; quit on the way out."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    saved = {name: os.environ.get(name) for name in ("SE_OFFLINE", "NO_PROXY", *PROXY_VARS)}
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never download
    os.environ["NO_PROXY"] = "*"
    for name in PROXY_VARS:
        os.environ.pop(name, None)
    try:
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in [*FLAGS, f"--user-data-dir={profile_dir}"]:
            options.add_argument(flag)
        service = Service(executable_path=CHROMEDRIVER, log_output=os.devnull)
        driver = webdriver.Chrome(service=service, options=options)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    driver.set_page_load_timeout(page_load_timeout)
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()
