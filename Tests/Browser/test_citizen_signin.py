"""Citizen journey of the demo municipality: home → test OpenID Connect provider → personal area.

Page contract (see scripts/test and the README): a#login-link on the home page, the built-in test IdP
at /test-idp/authorize listing test citizens as submit buttons name="citizen" value=<fiscal code>,
the personal area at /area-personale with #citizen-name, #citizen-fiscal-code and the sections
#filings, #drafts, #payments-due, #receipts, #messages, language switch with ?lang=, logout with
form#logout-form.
"""

from __future__ import annotations

import re

import pytest

from conftest import DEMO_CITIZEN_FISCAL_CODE, DEMO_CITIZEN_NAME, Site

PERSONAL_AREA_SECTIONS = ("filings", "drafts", "payments-due", "receipts", "messages")


def assert_personal_area(site: Site, lang: str = "it") -> None:
    assert site.path == "/area-personale", f"expected the personal area, got {site.describe()}"
    name = site.find_all("#citizen-name")
    assert name, f"no #citizen-name on {site.describe()}"
    assert DEMO_CITIZEN_NAME in name[0].text, f"#citizen-name is {name[0].text!r}"
    code = site.find_all("#citizen-fiscal-code")
    assert code, f"no #citizen-fiscal-code on {site.describe()}"
    assert DEMO_CITIZEN_FISCAL_CODE in code[0].text, f"#citizen-fiscal-code is {code[0].text!r}"
    missing = [s for s in PERSONAL_AREA_SECTIONS if not site.exists(f"#{s}")]
    assert not missing, f"personal area lacks the sections {missing}"
    assert site.html_lang() == lang, f"<html lang> is {site.html_lang()!r}, expected {lang!r}"
    expected_h1 = {"it": "Area personale", "en": "Personal area"}[lang]
    assert expected_h1 in site.h1(), f"<h1> is {site.h1()!r}, expected it to contain {expected_h1!r}"


def test_home_page_links_to_sign_in(site):
    site.open("/")
    site.wait_ready()
    assert site.html_lang() == "it", f"home page <html lang> is {site.html_lang()!r}"
    links = site.find_all("a#login-link")
    assert links, f"home page has no a#login-link: {site.describe()}"
    assert "Accedi" in links[0].text, f"a#login-link text is {links[0].text!r}"
    assert "Comune di Esempio" in site.text(), "the demo municipality's name is not on its home page"
    site.axe("home page /")


def test_sign_in_through_test_idp_reaches_personal_area(site):
    site.begin_citizen_sign_in()
    buttons = site.find_all('button[type="submit"][name="citizen"]')
    assert buttons, f"the test IdP lists no citizens: {site.describe()}"
    values = [b.get_attribute("value") for b in buttons]
    assert DEMO_CITIZEN_FISCAL_CODE in values, f"test citizens offered: {values}"
    mario = buttons[values.index(DEMO_CITIZEN_FISCAL_CODE)]
    assert DEMO_CITIZEN_NAME in mario.text, f"button for {DEMO_CITIZEN_FISCAL_CODE} reads {mario.text!r}"
    site.axe("test IdP /test-idp/authorize")

    site.choose_test_citizen(DEMO_CITIZEN_FISCAL_CODE)
    assert_personal_area(site, "it")
    robots = site.find_all('meta[name="robots"]')
    assert robots, "personal area has no <meta name=robots>"
    tokens = {t.strip().lower() for t in (robots[0].get_attribute("content") or "").split(",")}
    assert {"noindex", "nofollow"} <= tokens, f"robots meta content is {robots[0].get_attribute('content')!r}"
    site.axe("personal area (it)")


def test_personal_area_language_switch_sticks(site):
    site.sign_in_citizen()
    assert_personal_area(site, "it")

    site.open("/area-personale?lang=en")
    site.wait_ready()
    assert_personal_area(site, "en")
    site.axe("personal area (en)")

    site.open("/area-personale")
    site.wait_ready()
    assert site.html_lang() == "en", "the English choice did not stick on the next plain /area-personale"
    assert "Personal area" in site.h1(), f"<h1> is {site.h1()!r} after choosing English"

    site.open("/area-personale?lang=it")
    site.wait_ready()
    assert_personal_area(site, "it")
    site.open("/area-personale")
    site.wait_ready()
    assert site.html_lang() == "it", "the Italian choice did not stick"


def test_logout_ends_the_session(site):
    site.sign_in_citizen()
    assert_personal_area(site)
    site.logout()
    assert not site.exists("#citizen-name"), f"still showing the citizen after logout: {site.describe()}"

    site.open("/area-personale")
    site.wait_path("/test-idp/authorize")
    assert not site.exists("#citizen-name"), "personal area shown after logout"


def test_personal_area_requires_sign_in(site):
    site.open("/area-personale")
    site.wait_path("/test-idp/authorize")
    assert not site.exists("#citizen-name")


def test_session_cookie_flags(site):
    site.sign_in_citizen()
    cookies = site.driver.get_cookies()
    assert cookies, "no cookie set after signing in"
    described = [
        {k: c.get(k) for k in ("name", "domain", "path", "httpOnly", "secure", "sameSite")} for c in cookies
    ]
    session = [c for c in cookies if re.search(r"sess|sid", c["name"], re.I)] or cookies
    for c in session:
        assert c.get("httpOnly") is True, f"cookie {c['name']!r} is not HttpOnly; cookies: {described}"
        assert c.get("sameSite") in ("Lax", "Strict"), (
            f"cookie {c['name']!r} has SameSite={c.get('sameSite')!r}; cookies: {described}"
        )


@pytest.mark.parametrize("path", ["/", "/backoffice/login"])
def test_security_headers(http, base_url, path):
    response = http.get(base_url + path, timeout=10)
    assert response.status_code == 200, f"GET {path} answered {response.status_code}"
    csp = response.headers.get("Content-Security-Policy", "")
    assert csp, f"GET {path}: no Content-Security-Policy header; headers: {dict(response.headers)}"
    assert "frame-ancestors" in csp, f"GET {path}: CSP lacks frame-ancestors: {csp!r}"
    nosniff = response.headers.get("X-Content-Type-Options", "")
    assert nosniff.lower() == "nosniff", f"GET {path}: X-Content-Type-Options is {nosniff!r}"


def test_sign_in_on_alternate_host(alt_site, alt_base_url):
    """The demo municipality answers on localhost as well as on 127.0.0.1."""
    alt_site.sign_in_citizen()
    assert_personal_area(alt_site)
    expected = alt_site.base.split("://", 1)[1].split(":")[0]
    assert alt_site.host == expected, (
        f"sign-in started on {alt_base_url} ended on another host: {alt_site.driver.current_url}"
    )
