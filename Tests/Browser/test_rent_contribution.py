"""A citizen files the rent contribution call in Chromium, from sign-in to "ready to submit":
household prefilled from the population register, conditions both ways, a computed estimate,
documents uploaded (one refused first), with an axe-core check on every page (issue: form engine)."""
from datetime import date, timedelta
from pathlib import Path

from selenium.webdriver.support.ui import Select

from forms import confirm_filing, fill, minimal_pdf, press, set_date, start_filing


def test_file_the_rent_contribution_end_to_end(site, tmp_path: Path):
    contract = tmp_path / "contratto-locazione.pdf"
    contract.write_bytes(minimal_pdf("Contratto di locazione"))
    certificate = tmp_path / "certificato-104.pdf"
    certificate.write_bytes(minimal_pdf("Certificato legge 104"))
    fake = tmp_path / "contratto.pdf"
    fake.write_bytes(b"this is plain text, not a PDF\n" * 10)

    filing = start_filing(site, "contributo-affitto", "RSSMRA85T10A562S")

    # Applicant: identity and residence are known (once only); only the phone is asked.
    assert "/pagine/applicantPage" in site.path, site.describe()
    assert "RSSMRA85T10A562S" in site.text()
    assert not site.exists('[name="a.residenceAddress"]'), "the residence comes from the register"
    site.axe("applicant")
    fill(site, "a.applicantPhone", "333 1234567")
    press(site, 'button[value="next"]')

    # Household: the registered family is already there; the citizen completes it.
    assert "/pagine/householdPage" in site.path, site.describe()
    assert site.find('[name="a.household.2.fiscalCode"]').get_attribute("value") == "VRDLRA87E45H501V"
    assert site.find('[name="a.household.4.givenName"]').get_attribute("value") == "Sofia"
    site.axe("household (prefilled)")
    relations = {1: "applicant", 2: "spouse", 3: "child", 4: "child"}
    incomes = {1: "18.000", 2: "6.500,50", 3: "0", 4: "0"}
    for number in range(1, 5):
        Select(site.find(f'[name="a.household.{number}.relation"]')).select_by_value(relations[number])
        fill(site, f"a.household.{number}.income", incomes[number])
        disabled = "yes" if number == 3 else "no"
        site.find(f'input[name="a.household.{number}.disabled"][value="{disabled}"]').click()
    press(site, 'button[value="next"]')

    # ISEE: a wrong protocol number is explained, and nothing typed is lost.
    assert "/pagine/iseePage" in site.path, site.describe()
    fill(site, "a.iseeValue", "9.800")
    set_date(site, "a.iseeDate", (date.today() - timedelta(days=30)).isoformat())
    fill(site, "a.iseeProtocol", "INPS-ISEE-2026-12345")
    press(site, 'button[value="next"]')
    assert "/pagine/iseePage" in site.path and site.exists(".error-summary"), site.describe()
    assert site.find('[name="a.iseeValue"]').get_attribute("value") == "9.800"
    site.axe("ISEE with an error")
    fill(site, "a.iseeProtocol", "INPS-ISEE-2026-123456789-01")
    press(site, 'button[value="next"]')

    # Contract.
    assert "/pagine/contractPage" in site.path, site.describe()
    site.find('input[name="a.contractType"][value="agreedRent"]').click()
    set_date(site, "a.contractRegistrationDate", "2025-02-01")
    fill(site, "a.contractRegistrationNumber", "2025/3T/001234")
    fill(site, "a.monthlyRent", "650")
    site.find('input[name="a.landlordKind"][value="person"]').click()
    site.axe("contract")
    press(site, 'button[value="next"]')

    # Documents: the landlord's fiscal code is asked (a person), the disability certificate too
    # (a member has a disability). A text file named .pdf is refused; the real files are accepted.
    assert "/pagine/documentsPage" in site.path, site.describe()
    assert site.exists('[name="a.landlordFiscalCode"]') and not site.exists('[name="a.landlordVatNumber"]')
    assert site.exists('[name="a.disabilityCertificate"]'), "asked because a member has a disability"
    site.axe("documents")
    fill(site, "a.landlordName", "Giovanni Verdi")
    fill(site, "a.landlordFiscalCode", "VRDGNN60A01H501F")
    fill(site, "a.paymentIban", "IT60 X054 2811 1010 0000 0123 456")
    site.find('[name="a.contractFile"]').send_keys(str(fake))
    site.find('[name="a.disabilityCertificate"]').send_keys(str(certificate))
    press(site, 'button[value="next"]')
    assert "/pagine/documentsPage" in site.path, site.describe()
    assert "non è accettato" in site.text(), site.describe()
    assert site.find('[name="a.landlordName"]').get_attribute("value") == "Giovanni Verdi", "typed values are kept"
    assert "certificato-104.pdf" in site.text(), "the accepted file is kept while the other is refused"
    site.axe("documents with a refused file")
    site.find('[name="a.contractFile"]').send_keys(str(contract))
    press(site, 'button[value="next"]')

    # Summary page of the form: computed estimate and declarations.
    assert "/pagine/summaryPage" in site.path, site.describe()
    text = site.text()
    assert "7.800,00" in text, "yearly rent is computed: 650 × 12"
    assert "3.100,00" in text, "the estimate is capped at 3,100 euros (7,800 − 14 % of 9,800 = 6,428)"
    site.axe("declarations")
    for name in ("truthfulness", "requirementsDeclaration", "privacy"):
        site.find(f'input[name="a.{name}"]').click()
    press(site, 'button[value="next"]')

    assert site.path.endswith("/riepilogo"), site.describe()
    text = site.text()
    assert "contratto-locazione.pdf" in text and "certificato-104.pdf" in text
    assert "Giovanni Verdi" in text
    confirm_filing(site, filing, "affitto")
