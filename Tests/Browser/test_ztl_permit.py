"""A citizen applies for a ZTL access permit in Chromium, from the service page to "ready to submit":
a plate in the wrong format and a Euro 3 car refused, the reason's own section shown only for that
reason (resident, then worker), the keeper's documents asked only for a vehicle not in the citizen's
name and uploaded, a wrong VAT number and a permit longer than a year refused, with an axe-core check
on every page (issue: form engine)."""
from datetime import date, timedelta
from pathlib import Path

from selenium.webdriver.support.ui import Select

from forms import choose, confirm_filing, fill, minimal_pdf, press, set_date, start_filing


def test_apply_for_a_ztl_permit_end_to_end(site, tmp_path: Path):
    files = {}
    for name, text in (("statement", "Dichiarazione del datore di lavoro"),
                       ("certificate", "Carta di circolazione"), ("agreement", "Assegnazione del veicolo")):
        files[name] = tmp_path / f"{name}.pdf"
        files[name].write_bytes(minimal_pdf(text))

    filing = start_filing(site, "permesso-ztl", "RSSMRA85T10A562S")

    # Vehicle and reason: a plate in lower case breaks the pattern; the typed answers are kept.
    assert "/pagine/vehiclePage" in site.path, site.describe()
    site.axe("vehicle and reason")
    fill(site, "a.plate", "ab123cd")
    choose(site, "a.vehicleType", "car")
    Select(site.find('[name="a.emissionClass"]')).select_by_value("euro3OrLower")
    choose(site, "a.vehicleHolder", "applicant")
    choose(site, "a.reason", "resident")
    press(site, 'button[value="next"]')
    assert "/pagine/vehiclePage" in site.path and site.exists(".error-summary"), site.describe()
    assert "Scrivi la targa nel formato AB123CD" in site.text(), site.describe()
    assert site.find('[name="a.plate"]').get_attribute("value") == "ab123cd", "typed values are kept"
    assert site.find('input[name="a.reason"][value="resident"]').is_selected(), site.describe()
    site.axe("vehicle with a wrong plate")

    # Once every field is fine, the rules run: Euro 3 cars only for carers.
    fill(site, "a.plate", "AB123CD")
    press(site, 'button[value="next"]')
    assert "/pagine/vehiclePage" in site.path and site.exists(".error-summary"), site.describe()
    assert "Euro 3 o inferiore non possono ottenere il permesso" in site.text(), site.describe()
    site.axe("vehicle with a Euro 3 car")
    Select(site.find('[name="a.emissionClass"]')).select_by_value("euro6")
    press(site, 'button[value="next"]')

    # Details for a resident with his own car: the address comes from the register; nothing else.
    assert "/pagine/detailsPage" in site.path, site.describe()
    assert "Via Roma 10" in site.find("#field-residentAddress").text, "the residence is prefilled (once only)"
    assert site.exists("#section-residentSection") and site.exists('[name="a.parkingInZone"]'), site.describe()
    for absent in ("employerName", "disabledPersonName", "companyName", "holderName", "registrationCertificate"):
        assert not site.exists(f'[name="a.{absent}"]'), f"a.{absent} is not asked of a resident with his own car"
    site.axe("details (resident, own car)")

    # Back: the same car, but he works in the ZTL and the car is his employer's.
    press(site, 'button[value="back"]')
    assert "/pagine/vehiclePage" in site.path, site.describe()
    assert site.find('[name="a.plate"]').get_attribute("value") == "AB123CD", site.describe()
    choose(site, "a.reason", "worker")
    choose(site, "a.vehicleHolder", "company")
    press(site, 'button[value="next"]')
    assert "/pagine/detailsPage" in site.path, site.describe()
    assert not site.exists("#section-residentSection") and not site.exists('[name="a.parkingInZone"]')
    for present in ("employerName", "employerVatNumber", "employerStatement", "holderName",
                    "registrationCertificate", "useAgreement"):
        assert site.exists(f'[name="a.{present}"]'), f"a.{present} is asked of a worker with a company car"
    assert not site.exists('[name="a.disabledPersonName"]') and not site.exists('[name="a.companyName"]')
    site.axe("details (worker, company car)")
    fill(site, "a.employerName", "Bottega Rossi S.r.l.")
    fill(site, "a.employerVatNumber", "12345678904")  # wrong check digit
    fill(site, "a.workplaceAddress", "Via del Corso 12")
    fill(site, "a.holderName", "Bottega Rossi S.r.l.")
    site.find('[name="a.employerStatement"]').send_keys(str(files["statement"]))
    site.find('[name="a.registrationCertificate"]').send_keys(str(files["certificate"]))
    site.find('[name="a.useAgreement"]').send_keys(str(files["agreement"]))
    press(site, 'button[value="next"]')
    assert "/pagine/detailsPage" in site.path and site.exists(".error-summary"), site.describe()
    assert site.exists("#field-employerVatNumber-error"), site.describe()
    assert site.find('[name="a.employerName"]').get_attribute("value") == "Bottega Rossi S.r.l."
    for field in ("employerStatement", "registrationCertificate", "useAgreement"):
        assert site.exists(f"#field-{field}-current"), f"{field}: a file is kept while another answer is wrong"
    site.axe("details with a wrong VAT number")
    fill(site, "a.employerVatNumber", "12345678903")
    press(site, 'button[value="next"]')

    # Validity period: at most a year.
    assert "/pagine/periodPage" in site.path, site.describe()
    site.axe("validity period")
    start = date.today() + timedelta(days=7)
    set_date(site, "a.permitFrom", start.isoformat())
    set_date(site, "a.permitTo", (start + timedelta(days=400)).isoformat())
    press(site, 'button[value="next"]')
    assert "/pagine/periodPage" in site.path and site.exists(".error-summary"), site.describe()
    assert "Il permesso può durare al massimo un anno" in site.text(), site.describe()
    assert site.find('[name="a.permitFrom"]').get_attribute("value") == start.isoformat(), "typed values are kept"
    site.axe("validity period longer than a year")
    set_date(site, "a.permitTo", (start + timedelta(days=365)).isoformat())
    press(site, 'button[value="next"]')

    # Contacts: the email comes from the digital identity; a worker acknowledges the fee.
    assert "/pagine/contactsPage" in site.path, site.describe()
    assert not site.exists('[name="a.email"]') and "mario.rossi@example.org" in site.text(), site.describe()
    assert site.exists('[name="a.feeAcknowledgement"]'), "the fee is acknowledged by everyone but carers"
    site.axe("contacts and declarations")
    fill(site, "a.phone", "333 1234567")
    for name in ("truthfulness", "ztlRules", "feeAcknowledgement"):
        site.find(f'input[name="a.{name}"]').click()
    press(site, 'button[value="next"]')

    assert site.path.endswith("/riepilogo"), site.describe()
    text = site.text()
    for expected in ("AB123CD", "Euro 6", "Bottega Rossi S.r.l.", "12345678903", "Via del Corso 12",
                     "statement.pdf", "certificate.pdf", "agreement.pdf", start.strftime("%d/%m/%Y")):
        assert expected in text, f"{expected!r} missing from the summary: {site.describe()}"
    assert "Indirizzo di residenza" not in text, "the resident's section, hidden now, is not in the summary"
    confirm_filing(site, filing, "Zona a Traffico Limitato")
