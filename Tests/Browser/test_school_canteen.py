"""A parent enrols a pupil in the school canteen in Chromium, from the service page to "ready to
submit": "no special needs" refused together with a diet, the health-diet page skipped for a
vegetarian diet and shown for a coeliac one (its medical certificate required, then uploaded), the
ISEE asked only for the reduced bands and checked against the band, the monthly fee computed for
two bands, a wrong IBAN refused, with an axe-core check on every page (issue: form engine)."""
from pathlib import Path

from selenium.webdriver.support.ui import Select

from forms import choose, confirm_filing, fill, minimal_pdf, next_refused, press, set_date, start_filing


def test_enrol_a_pupil_in_the_school_canteen_end_to_end(site, tmp_path: Path):
    certificate = tmp_path / "certificato-celiachia.pdf"
    certificate.write_bytes(minimal_pdf("Certificato medico: celiachia"))

    filing = start_filing(site, "mensa-scolastica", "BNCNNA90C55H501L")

    # Pupil, school and diet: "no special needs" cannot go with a diet.
    assert "/pagine/pupilPage" in site.path, site.describe()
    site.axe("pupil, school and diet")
    fill(site, "a.pupilGivenName", "Luca")
    fill(site, "a.pupilFamilyName", "Bianchi")
    fill(site, "a.pupilFiscalCode", "BNCLCU18A01H501F")
    set_date(site, "a.pupilBirthDate", "2018-01-01")
    choose(site, "a.schoolYear", "2026-2027")
    Select(site.find('[name="a.school"]')).select_by_value("collodi")
    fill(site, "a.schoolClass", "3B")
    choose(site, "a.dietNeeds", "none")
    choose(site, "a.dietNeeds", "vegetarian")
    next_refused(site, "pupilPage", "non può essere scelta insieme ad altre diete", kept=("a.schoolClass", "3B"), label="diet with a contradiction")

    # A vegetarian diet needs no certificate: the health-diet page is skipped.
    choose(site, "a.dietNeeds", "none")  # untick
    press(site, 'button[value="next"]')
    assert "/pagine/feePage" in site.path, "no health-diet page for a vegetarian diet: " + site.describe()
    site.axe("fee band")

    # Band C: no ISEE needed (required only for bands A and B).
    choose(site, "a.iseeBand", "C")
    press(site, 'button[value="next"]')
    assert "/pagine/paymentPage" in site.path, site.describe()
    # monthlyFee = if(iseeBand = 'A', 20, if(iseeBand = 'B', 35, 55)); band C → 55
    assert site.find("#field-monthlyFee").text == "€ 55,00", site.describe()
    site.axe("payment (band C)")

    # Back twice (the health-diet page is still skipped): the pupil is coeliac after all.
    press(site, 'button[value="back"]')
    assert "/pagine/feePage" in site.path, site.describe()
    press(site, 'button[value="back"]')
    assert "/pagine/pupilPage" in site.path, site.describe()
    choose(site, "a.dietNeeds", "coeliac")
    press(site, 'button[value="next"]')
    assert "/pagine/healthDietPage" in site.path, "a coeliac diet needs a certificate: " + site.describe()
    assert not site.exists('[name="a.allergyDetails"]'), "allergies are described only when ticked"
    site.axe("health diet")
    press(site, 'button[value="next"]')
    assert "/pagine/healthDietPage" in site.path and site.exists(".error-summary"), site.describe()
    assert site.exists("#field-medicalCertificate-error"), site.describe()
    site.axe("health diet without a certificate")
    site.find('[name="a.medicalCertificate"]').send_keys(str(certificate))
    press(site, 'button[value="next"]')

    # Band A: now the ISEE is required, and must fit the band.
    assert "/pagine/feePage" in site.path, site.describe()
    assert site.find('input[name="a.iseeBand"][value="C"]').is_selected(), "the earlier answer is kept"
    choose(site, "a.iseeBand", "A")
    press(site, 'button[value="next"]')
    assert "/pagine/feePage" in site.path and site.exists(".error-summary"), site.describe()
    assert site.exists("#field-iseeValue-error") and site.exists("#field-iseeProtocol-error"), site.describe()
    site.axe("band A without an ISEE")
    fill(site, "a.iseeValue", "9.500")
    fill(site, "a.iseeProtocol", "INPS-ISEE-2026-123456789-00")
    next_refused(site, "feePage", "La fascia A vale per ISEE fino a 8.000,00 euro", kept=("a.iseeValue", "9.500"), label="ISEE above band A")
    choose(site, "a.iseeBand", "B")
    press(site, 'button[value="next"]')

    # Payment: band B → 35 (if(iseeBand = 'A', 20, if(iseeBand = 'B', 35, 55))); direct debit.
    assert "/pagine/paymentPage" in site.path, site.describe()
    assert site.find("#field-monthlyFee").text == "€ 35,00", site.describe()
    site.axe("payment (band B)")
    choose(site, "a.directDebit", "yes")
    press(site, 'button[value="next"]')

    assert "/pagine/directDebitPage" in site.path, site.describe()
    site.axe("direct debit")
    fill(site, "a.accountHolderName", "Anna Bianchi")
    fill(site, "a.payerFiscalCode", "BNCNNA90C55H501L")
    fill(site, "a.payerIban", "IT61X0542811101000000123456")  # wrong check digits
    site.find('input[name="a.directDebitMandate"]').click()
    press(site, 'button[value="next"]')
    assert "/pagine/directDebitPage" in site.path and site.exists(".error-summary"), site.describe()
    assert site.exists("#field-payerIban-error"), site.describe()
    assert site.find('[name="a.accountHolderName"]').get_attribute("value") == "Anna Bianchi", "typed values are kept"
    site.axe("direct debit with a wrong IBAN")
    fill(site, "a.payerIban", "IT60X0542811101000000123456")
    press(site, 'button[value="next"]')

    assert "/pagine/declarationsPage" in site.path, site.describe()
    site.axe("declarations")
    for name in ("truthfulness", "feeAcceptance", "privacy"):
        site.find(f'input[name="a.{name}"]').click()
    press(site, 'button[value="next"]')

    assert site.path.endswith("/riepilogo"), site.describe()
    text = site.text()
    for expected in ("BNCLCU18A01H501F", "01/01/2018", "Carlo Collodi", "Dieta vegetariana", "celiachia",
                     "certificato-celiachia.pdf", "€ 9.500,00", "€ 35,00", "IT60X0542811101000000123456"):
        assert expected in text, f"{expected!r} missing from the summary: {site.describe()}"
    confirm_filing(site, filing, "mensa scolastica")
