"""Shared fixtures and helpers for Sportello's browser tests.

Selenium 4 drives Debian's headless Chromium (/usr/bin/chromium + /usr/bin/chromedriver); axe-core
(bundled by axe-selenium-python) checks WCAG 2.0/2.1 A and AA rules on the pages we visit.

The app under test is `sportello serve --demo`, started by scripts/test, which passes:
  SPORTELLO_BASE_URL      e.g. http://127.0.0.1:PORT
  SPORTELLO_ALT_BASE_URL  the same server under another host name, e.g. http://localhost:PORT
Run by hand with:  SPORTELLO_BASE_URL=http://127.0.0.1:8080 .venv/bin/python -m pytest -q Tests/Browser
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import struct
import time
from urllib.parse import urlparse

import pytest
import requests
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

BASE_URL = os.environ.get("SPORTELLO_BASE_URL", "http://127.0.0.1:8080").rstrip("/")
ALT_BASE_URL = (
    os.environ.get("SPORTELLO_ALT_BASE_URL") or BASE_URL.replace("127.0.0.1", "localhost")
).rstrip("/")
CHROMIUM = os.environ.get("SPORTELLO_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("SPORTELLO_CHROMEDRIVER", "/usr/bin/chromedriver")
WAIT_SECONDS = float(os.environ.get("SPORTELLO_BROWSER_WAIT", "15"))
ARTIFACTS_DIR = os.environ.get("SPORTELLO_BROWSER_ARTIFACTS", "")

# Demo data of `sportello serve --demo` (municipality "Comune di Esempio").
DEMO_CITIZEN_FISCAL_CODE = "RSSMRA85T10A562S"
DEMO_CITIZEN_NAME = "Mario Rossi"
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"
DEMO_BACKOFFICE_PASSWORDS = {"admin": "esempio-admin", "operatore": "esempio-operatore"}

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


# ---------------------------------------------------------------------------------------------
# TOTP (RFC 6238: HMAC-SHA-1, 30 s steps, 6 digits), without extra packages
# ---------------------------------------------------------------------------------------------
def hotp(key: bytes, counter: int, digits: int = 6, digest=hashlib.sha1) -> str:
    mac = hmac.new(key, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF) % (10**digits)
    return f"{code:0{digits}d}"


def b32_key(secret: str) -> bytes:
    secret = secret.replace(" ", "").upper()
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


def totp(secret_b32: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    now = time.time() if at is None else at
    return hotp(b32_key(secret_b32), int(now // step), digits)


_last_totp_counter: dict[str, int] = {}


def fresh_totp(account: str, secret_b32: str = DEMO_TOTP_SECRET, step: int = 30) -> str:
    """A code that is not about to expire and was not already used for this account.

    A careful server rejects a replayed code, so a second login of the same account inside one
    30-second window waits for the next window.
    """
    while True:
        now = time.time()
        counter = int(now // step)
        remaining = step - (now % step)
        if remaining < 3 or _last_totp_counter.get(account) == counter:
            time.sleep(remaining + 0.2)
            continue
        _last_totp_counter[account] = counter
        return hotp(b32_key(secret_b32), counter)


# ---------------------------------------------------------------------------------------------
# Browser
# ---------------------------------------------------------------------------------------------
def _chrome_options() -> Options:
    options = Options()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--lang=it-IT",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-search-engine-choice-screen",
        "--password-store=basic",
    ):
        options.add_argument(arg)
    # Italian first, as a citizen's browser would send; the app decides the page language.
    options.add_experimental_option("prefs", {"intl.accept_languages": "it-IT,it"})
    return options


@pytest.fixture(scope="session")
def driver():
    service = Service(executable_path=CHROMEDRIVER)
    drv = webdriver.Chrome(service=service, options=_chrome_options())
    drv.set_page_load_timeout(30)
    drv.set_script_timeout(60)
    try:
        yield drv
    finally:
        drv.quit()


def clear_browser_state(drv: WebDriver) -> None:
    """Forget every cookie of every host (the session driver is shared by all tests)."""
    try:
        drv.execute_cdp_cmd("Network.clearBrowserCookies", {})
    except WebDriverException:
        drv.delete_all_cookies()
    drv.get("about:blank")


@pytest.fixture
def browser(driver):
    """The shared browser, with no cookies left over from earlier tests."""
    clear_browser_state(driver)
    yield driver
    clear_browser_state(driver)


@pytest.fixture
def site(browser):
    return Site(browser, BASE_URL)


@pytest.fixture
def alt_site(browser):
    return Site(browser, ALT_BASE_URL)


@pytest.fixture(scope="session")
def base_url() -> str:
    return BASE_URL


@pytest.fixture(scope="session")
def alt_base_url() -> str:
    return ALT_BASE_URL


@pytest.fixture
def http():
    with requests.Session() as session:
        session.headers["Accept-Language"] = "it-IT,it"
        yield session


# ---------------------------------------------------------------------------------------------
# Page helpers
# ---------------------------------------------------------------------------------------------
def current_path(drv: WebDriver) -> str:
    return urlparse(drv.current_url).path


def page_excerpt(drv: WebDriver, limit: int = 1500) -> str:
    try:
        text = drv.find_element(By.TAG_NAME, "body").text
    except WebDriverException:
        text = "<no body>"
    text = " ".join(text.split())
    return text[:limit] + ("…" if len(text) > limit else "")


class Site:
    """Small page-object helper bound to one base URL (BASE_URL or ALT_BASE_URL)."""

    def __init__(self, drv: WebDriver, base: str):
        self.driver = drv
        self.base = base

    # navigation -------------------------------------------------------------------------
    def url(self, path: str) -> str:
        return self.base + path

    def open(self, path: str) -> None:
        self.driver.get(self.url(path))

    @property
    def path(self) -> str:
        return current_path(self.driver)

    @property
    def host(self) -> str:
        return urlparse(self.driver.current_url).hostname or ""

    def wait_until(self, condition, what: str, timeout: float = WAIT_SECONDS):
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(condition)
        except TimeoutException:
            pytest.fail(
                f"timed out after {timeout:.0f} s waiting for {what}; browser is at "
                f"{self.driver.current_url!r}, title {self.driver.title!r}, page text: {page_excerpt(self.driver)}",
                pytrace=False,
            )

    def wait_path(self, prefix: str, exact: bool = False, timeout: float = WAIT_SECONDS) -> None:
        def ok(d):
            p = current_path(d)
            return p == prefix if exact else p.startswith(prefix)

        self.wait_until(ok, f"the URL path to {'be' if exact else 'start with'} {prefix!r}", timeout)
        self.wait_ready()

    def wait_ready(self) -> None:
        self.wait_until(
            lambda d: d.execute_script("return document.readyState") == "complete", "the page to load"
        )

    def submit_and_wait(self, button) -> None:
        """Click a submit button and wait until the browser has left the current document."""
        html = self.driver.find_element(By.TAG_NAME, "html")
        button.click()

        def left(_):
            try:
                html.tag_name  # raises once the old document is gone
                return False
            except WebDriverException:
                return True

        self.wait_until(left, "the form submission to load a new page")
        self.wait_ready()

    # page facts -------------------------------------------------------------------------
    def find(self, css: str):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def exists(self, css: str) -> bool:
        return bool(self.find_all(css))

    def html_lang(self) -> str:
        return self.find("html").get_attribute("lang") or ""

    def h1(self) -> str:
        h1s = self.find_all("h1")
        return h1s[0].text.strip() if h1s else ""

    def text(self) -> str:
        return self.find("body").text

    def describe(self) -> str:
        return f"{self.driver.current_url} (title {self.driver.title!r}): {page_excerpt(self.driver, 600)}"

    # flows ------------------------------------------------------------------------------
    def begin_citizen_sign_in(self) -> None:
        """Home page → 'Accedi' → the built-in test identity provider's citizen list."""
        self.open("/")
        self.wait_ready()
        links = self.find_all("a#login-link")
        assert links, f"home page has no a#login-link: {self.describe()}"
        links[0].click()
        self.wait_path("/test-idp/authorize")

    def choose_test_citizen(self, fiscal_code: str = DEMO_CITIZEN_FISCAL_CODE) -> None:
        selector = f'button[type="submit"][name="citizen"][value="{fiscal_code}"]'
        buttons = self.find_all(selector)
        assert buttons, f"test IdP page has no {selector}: {self.describe()}"
        buttons[0].click()
        self.wait_path("/area-personale", exact=True)

    def sign_in_citizen(self, fiscal_code: str = DEMO_CITIZEN_FISCAL_CODE) -> None:
        self.begin_citizen_sign_in()
        self.choose_test_citizen(fiscal_code)

    def logout(self) -> None:
        forms = self.find_all("form#logout-form")
        assert forms, f"no form#logout-form on {self.describe()}"
        buttons = forms[0].find_elements(
            By.CSS_SELECTOR, 'button[type="submit"], input[type="submit"], button:not([type])'
        )
        assert buttons, "form#logout-form has no submit button"
        self.submit_and_wait(buttons[0])

    def backoffice_password_step(self, username: str, password: str) -> None:
        self.open("/backoffice/login")
        self.wait_ready()
        self.find("#username").clear()
        self.find("#username").send_keys(username)
        self.find("#password").clear()
        self.find("#password").send_keys(password)
        self.submit_and_wait(self._submit_button())

    def backoffice_otp_step(self, account: str) -> None:
        self.wait_path("/backoffice/login/otp")
        self.find("#code").clear()
        self.find("#code").send_keys(fresh_totp(account))
        self.submit_and_wait(self._submit_button())

    def backoffice_login(self, username: str, password: str | None = None) -> None:
        password = DEMO_BACKOFFICE_PASSWORDS[username] if password is None else password
        self.backoffice_password_step(username, password)
        self.backoffice_otp_step(username)
        self.wait_path("/backoffice", exact=True)

    def _submit_button(self):
        for css in ('main form button[type="submit"]', 'main form input[type="submit"]',
                    'form button[type="submit"]', 'form input[type="submit"]', "form button"):
            found = [b for b in self.find_all(css) if b.is_displayed()]
            # the logout form (if any) is not the one we want
            found = [b for b in found if not b.find_elements(By.XPATH, "ancestor::form[@id='logout-form']")]
            if found:
                return found[0]
        raise NoSuchElementException(f"no submit button on {self.describe()}")

    # cookies for plain HTTP checks ------------------------------------------------------
    def cookie_header(self) -> str:
        return "; ".join(f"{c['name']}={c['value']}" for c in self.driver.get_cookies())

    # accessibility ----------------------------------------------------------------------
    def axe(self, label: str | None = None) -> dict:
        return axe_check(self.driver, label)


# ---------------------------------------------------------------------------------------------
# axe-core
# ---------------------------------------------------------------------------------------------
def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v.get('id')} [{v.get('impact')}]: {v.get('help')} ({v.get('helpUrl', '')})")
        for node in v.get("nodes", []):
            target = ", ".join(
                t if isinstance(t, str) else " >> ".join(map(str, t)) for t in node.get("target", [])
            )
            lines.append(f"    target: {target}")
            html = (node.get("html") or "").strip().replace("\n", " ")
            if html:
                lines.append(f"      html: {html[:200]}")
            summary = (node.get("failureSummary") or "").strip().replace("\n", " | ")
            if summary:
                lines.append(f"      why:  {summary[:400]}")
    return "\n".join(lines)


def axe_check(drv: WebDriver, label: str | None = None) -> dict:
    """Inject axe-core into the current page, run the WCAG 2.0/2.1 A+AA rules, assert no violations."""
    where = label or drv.current_url
    axe = Axe(drv)
    axe.inject()
    results = axe.run(options=json.dumps(AXE_OPTIONS))
    assert isinstance(results, dict), f"axe-core returned no results on {where}: {results!r}"
    if ARTIFACTS_DIR:
        os.makedirs(ARTIFACTS_DIR, exist_ok=True)
        name = "".join(ch if ch.isalnum() else "_" for ch in where)[:80]
        with open(os.path.join(ARTIFACTS_DIR, f"axe-{name}.json"), "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=2)
    violations = results.get("violations", [])
    if violations:
        pytest.fail(
            f"axe-core ({results.get('testEngine', {}).get('version', '?')}) found "
            f"{len(violations)} WCAG 2.x A/AA violation(s) on {where} ({drv.current_url}):\n"
            + format_violations(violations),
            pytrace=False,
        )
    assert results.get("passes"), f"axe-core ran no rule at all on {where}; is the page empty?"
    return results


# ---------------------------------------------------------------------------------------------
# Failure diagnostics: where was the browser when a test failed?
# ---------------------------------------------------------------------------------------------
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    drv = item.funcargs.get("browser") or item.funcargs.get("driver")
    if drv is None:
        return
    try:
        report.sections.append(("browser", f"URL: {drv.current_url}\ntitle: {drv.title}\ntext: {page_excerpt(drv)}"))
        if ARTIFACTS_DIR:
            os.makedirs(ARTIFACTS_DIR, exist_ok=True)
            drv.save_screenshot(os.path.join(ARTIFACTS_DIR, f"{item.name}.png"))
            with open(os.path.join(ARTIFACTS_DIR, f"{item.name}.html"), "w", encoding="utf-8") as fh:
                fh.write(drv.page_source)
    except WebDriverException:
        pass
