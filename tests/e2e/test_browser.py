"""The query UI in headless Chromium (Debian's chromium + chromium-driver): choose a named query, run it, see rows."""

from tests.e2e.conftest import needs_chromium

pytestmark = needs_chromium


def test_named_query_runs_and_shows_a_table(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.set_window_size(1280, 900)
    browser.get(server + "/")
    wait = WebDriverWait(browser, 20)
    wait.until(lambda b: b.execute_script("return !!window.kgraphYasgui"))
    Select(browser.find_element(By.ID, "examples")).select_by_value("statements-by-stance")
    assert "kg:Statement" in browser.execute_script("return kgraphYasgui.getTab().getYasqe().getValue()")
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    rows = wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr") or False)
    text = " ".join(row.text for row in rows)
    assert len(rows) == 3 and "Nikol Pashinyan" in text and "denies" in text
