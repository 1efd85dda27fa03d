"""Filling Sportello's form pages in the browser tests: inputs by answer name, buttons, dates, files."""
from __future__ import annotations

import re

from selenium.webdriver.common.by import By


def fill(site, name: str, value: str) -> None:
    field = site.find(f'[name="{name}"]')
    field.clear()
    field.send_keys(value)


def press(site, css: str) -> None:
    site.submit_and_wait(site.find(css))


def choose(site, name: str, value: str) -> None:
    site.find(f'input[name="{name}"][value="{value}"]').click()


def set_date(site, name: str, iso: str) -> None:
    """Date inputs take keys in the browser's locale order; the value itself is always ISO."""
    site.driver.execute_script("arguments[0].value = arguments[1]", site.find(f'[name="{name}"]'), iso)


def minimal_pdf(text: str) -> bytes:
    """A small, valid one-page PDF (what a scanned contract would be, in miniature)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def start_filing(site, code: str, citizen: str) -> str:
    """From the service page (signed out) through sign-in, start and privacy consent; checks each page with
    axe and returns the filing's path (/pratiche/<id>). The citizen lands on the first form page."""
    site.open(f"/servizi/{code}")
    site.axe("service page (anonymous)")
    site.find("#start-filing").click()  # a link to sign in, landing back here
    site.wait_path("/test-idp/authorize")
    site.submit_and_wait(site.find_all(f'button[name="citizen"][value="{citizen}"]')[0])
    site.wait_path(f"/servizi/{code}", exact=True)
    site.axe("service page (signed in)")
    press(site, "#start-filing")
    site.wait_path("/pratiche/")
    filing = "/".join(site.path.split("/")[:3])
    assert site.path.endswith("/privacy"), site.describe()
    site.axe("privacy consent")
    site.find("#field-consent").click()
    press(site, "main button[type=submit]")
    return filing


def confirm_filing(site, filing: str, title_words: str) -> None:
    """From the summary: confirmation page, confirmed filing, and its card in the personal area."""
    site.axe("summary")
    site.find("#go-confirm").click()
    site.wait_path(filing + "/conferma", exact=True)
    site.axe("confirmation")
    press(site, "#confirm-filing")
    number = submitted_number(site)
    site.open("/area-personale")
    cards = [c for c in site.find_all("#filings li.card") if c.find_elements(By.CSS_SELECTOR, f'a[href="{filing}"]')]
    assert cards and f"protocollo n. {number}" in cards[0].text, site.describe()
    assert title_words in cards[0].text, site.describe()
    site.axe("personal area with the filing")


def submitted_number(site) -> str:
    """On the confirmation page after submission: checks it and returns the protocol number ("2026/0000042")."""
    assert "Domanda inviata" in site.h1(), site.describe()
    number = site.find("#protocol-number").text
    assert re.fullmatch(r"\d{4}/\d{7}", number), site.describe()
    assert site.exists('a[href$="/documenti/ricevuta.pdf"]') and site.exists('a[href$="/documenti/domanda.pdf"]')
    site.axe("confirmation after submission")
    return number


def next_refused(site, page: str, message: str, kept: tuple[str, str], label: str) -> None:
    """Presses "next" and checks the page refuses it: same page, error summary, the message shown, what was
    typed kept; then checks the page with its errors with axe."""
    press(site, 'button[value="next"]')
    assert f"/pagine/{page}" in site.path and site.exists(".error-summary"), site.describe()
    assert message in site.text(), site.describe()
    assert site.find(f'[name="{kept[0]}"]').get_attribute("value") == kept[1], "typed values are kept"
    site.axe(label)
