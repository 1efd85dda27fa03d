"""Back office of the demo municipality: password + TOTP sign-in, roles, and keeping citizens out.

Demo accounts (TOTP secret JBSWY3DPEHPK3PXP): admin / esempio-admin (admin),
operatore / esempio-operatore (operator).
"""

from __future__ import annotations

import requests

from conftest import DEMO_TOTP_SECRET, Site, b32_key, hotp, totp

INBOX_H1 = "Pratiche in arrivo"


def test_totp_matches_rfc6238_vectors():
    # RFC 6238 appendix B, SHA-1, 8 digits, key "12345678901234567890".
    key = b"12345678901234567890"
    for t, expected in [(59, "94287082"), (1111111109, "07081804"), (1234567890, "89005924"),
                        (2000000000, "69279037"), (20000000000, "65353130")]:
        assert hotp(key, t // 30, digits=8) == expected
    # The demo secret decodes and yields 6 digits.
    assert b32_key(DEMO_TOTP_SECRET) == b"Hello!\xde\xad\xbe\xef"
    assert len(totp(DEMO_TOTP_SECRET)) == 6


def test_login_page_is_accessible(site):
    site.open("/backoffice/login")
    site.wait_ready()
    for css in ("#username", "#password"):
        assert site.exists(css), f"no {css} on {site.describe()}"
    assert site.find("#password").get_attribute("type") == "password"
    assert site.exists('form button[type="submit"], form input[type="submit"]'), "no submit button"
    site.axe("back-office login")


def test_wrong_password_shows_error_and_keeps_username(site):
    site.backoffice_password_step("admin", "definitely-not-the-password")
    assert site.path.startswith("/backoffice/login"), f"wrong password went on to {site.describe()}"
    assert not site.path.startswith("/backoffice/login/otp"), "wrong password reached the OTP step"
    errors = [e for e in site.find_all(".error-summary, .form-field__error") if e.is_displayed()]
    assert errors, f"no visible .error-summary / .form-field__error after a wrong password: {site.describe()}"
    assert errors[0].text.strip(), "the error element is empty"
    assert site.find("#username").get_attribute("value") == "admin", "the typed username was not kept"
    site.axe("back-office login with error")


def test_admin_signs_in_with_totp_and_opens_maintenance(site):
    site.backoffice_password_step("admin", "esempio-admin")
    site.wait_path("/backoffice/login/otp")
    assert site.exists("#code"), f"no #code on the OTP step: {site.describe()}"
    site.axe("back-office OTP step")
    site.backoffice_otp_step("admin")
    site.wait_path("/backoffice", exact=True)
    assert INBOX_H1 in site.h1(), f"inbox <h1> is {site.h1()!r}"
    site.axe("back-office inbox (admin)")

    site.open("/backoffice/admin/maintenance")
    site.wait_ready()
    assert "Manutenzione" in site.h1(), f"admin maintenance page: {site.describe()}"


def test_operator_gets_403_on_admin_maintenance(site, base_url):
    site.backoffice_login("operatore")
    assert INBOX_H1 in site.h1(), f"inbox <h1> is {site.h1()!r}"
    site.axe("back-office inbox (operator)")

    site.open("/backoffice/admin/maintenance")
    site.wait_ready()
    assert "Manutenzione" not in site.h1(), "the operator was shown the admin maintenance page"
    assert "403" in site.text() or "Accesso negato" in site.h1(), (
        f"operator on /backoffice/admin/maintenance: expected a 403 page, got {site.describe()}"
    )
    # The status code itself, with the operator's cookies.
    response = requests.get(
        base_url + "/backoffice/admin/maintenance",
        headers={"Cookie": site.cookie_header()},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 403, f"operator got HTTP {response.status_code} for maintenance"


def test_citizen_cannot_open_backoffice(site: Site):
    site.sign_in_citizen()
    site.open("/backoffice")
    site.wait_ready()
    assert INBOX_H1 not in site.h1() and INBOX_H1 not in site.text(), (
        f"a signed-in citizen reached the back-office inbox: {site.describe()}"
    )
    on_login = site.path.startswith("/backoffice/login")
    forbidden = "403" in site.text() or "Accesso negato" in site.h1()
    assert on_login or forbidden, f"expected the back-office login page or a 403, got {site.describe()}"
