"""The query UI in headless Chromium (Debian's chromium + chromium-driver): choose a named query, run it, see rows."""

import shutil
import tempfile
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="needs Debian's chromium: apt-get install -y chromium chromium-driver")


def test_named_query_runs_and_shows_a_table(server):
    webdriver = pytest.importorskip("selenium.webdriver", reason="needs the selenium package")
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    profile = tempfile.mkdtemp(prefix="kgraph-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=DRIVER)
    browser = webdriver.Chrome(options=options, service=service)
    try:
        browser.get(server + "/")
        wait = WebDriverWait(browser, 20)
        wait.until(lambda b: b.execute_script("return !!window.kgraphYasgui"))
        Select(browser.find_element(By.ID, "examples")).select_by_value("statements-by-stance")
        assert "kg:Statement" in browser.execute_script("return kgraphYasgui.getTab().getYasqe().getValue()")
        browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
        rows = wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr") or False)
        text = " ".join(row.text for row in rows)
        assert len(rows) == 3 and "Nikol Pashinyan" in text and "denies" in text
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)
