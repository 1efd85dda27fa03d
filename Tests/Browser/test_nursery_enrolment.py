"""A parent enrols a child in a municipal nursery in Chromium, from the service page to "ready to
submit": the parent's identity prefilled, a wrong phone, the parent's own fiscal code given for the
child and four nurseries refused, the provisional score computed for two sets of answers, the
disability section asked only for a child with a disability and its certificate required, then
uploaded, with an axe-core check on every page (issue: form engine)."""
from pathlib import Path


from forms import choose, confirm_filing, fill, minimal_pdf, next_refused, press, set_date, start_filing


def score_answers(site, single: str, working: str, siblings: str, disability: str) -> None:
    for name, value in (("singleParent", single), ("bothParentsWorking", working),
                        ("siblingsEnrolled", siblings), ("childDisability", disability)):
        choose(site, f"a.{name}", value)


def test_enrol_a_child_in_a_nursery_end_to_end(site, tmp_path: Path):
    certificate = tmp_path / "certificazione-104.pdf"
    certificate.write_bytes(minimal_pdf("Certificazione legge 104/1992"))

    filing = start_filing(site, "iscrizione-nido", "RSSMRA85T10A562S")

    # Parent: identity and email from SPID (once only); a phone that is not Italian is refused.
    assert "/pagine/parentPage" in site.path, site.describe()
    for name in ("parentFiscalCode", "parentGivenName", "parentFamilyName", "parentEmail"):
        assert not site.exists(f'[name="a.{name}"]'), f"a.{name} comes from the digital identity"
    assert site.find("#field-parentFiscalCode").text == "RSSMRA85T10A562S", site.describe()
    assert site.find("#field-parentEmail").text == "mario.rossi@example.org", site.describe()
    site.axe("parent")
    choose(site, "a.parentRole", "parent")
    fill(site, "a.parentPhone", "12345")
    press(site, 'button[value="next"]')
    assert "/pagine/parentPage" in site.path and site.exists(".error-summary"), site.describe()
    assert site.exists("#field-parentPhone-error"), site.describe()
    assert site.find('[name="a.parentPhone"]').get_attribute("value") == "12345", "typed values are kept"
    assert site.find('input[name="a.parentRole"][value="parent"]').is_selected(), "typed values are kept"
    site.axe("parent with a wrong phone")
    fill(site, "a.parentPhone", "06 1234567")
    press(site, 'button[value="next"]')

    # Child: the parent's own fiscal code is caught by the page's rule.
    assert "/pagine/childPage" in site.path, site.describe()
    site.axe("child")
    fill(site, "a.childGivenName", "Sofia")
    fill(site, "a.childFamilyName", "Rossi")
    fill(site, "a.childFiscalCode", "rssmra85t10a562s")  # the parent's, in lower case
    set_date(site, "a.childBirthDate", "2024-08-11")
    next_refused(site, "childPage", "Hai indicato il tuo codice fiscale", kept=("a.childGivenName", "Sofia"), label="child with the parent's fiscal code")
    fill(site, "a.childFiscalCode", "RSSSFO24M51H501F")
    press(site, 'button[value="next"]')

    # Nurseries: at most three.
    assert "/pagine/nurseryPage" in site.path, site.describe()
    site.axe("nurseries and hours")
    for nursery in ("arcobaleno", "girasole", "pollicino", "aquilone"):
        choose(site, "a.preferredNurseries", nursery)
    choose(site, "a.attendance", "fullTime")
    press(site, 'button[value="next"]')
    assert "/pagine/nurseryPage" in site.path and site.exists(".error-summary"), site.describe()
    assert "Puoi indicare al massimo tre nidi" in site.text(), site.describe()
    assert len([b for b in site.find_all('input[name="a.preferredNurseries"]') if b.is_selected()]) == 4
    site.axe("four nurseries")
    choose(site, "a.preferredNurseries", "aquilone")  # untick the fourth
    press(site, 'button[value="next"]')

    # Ranking criteria, first without a disability: no certificate asked.
    assert "/pagine/scoringPage" in site.path, site.describe()
    site.axe("ranking criteria")
    score_answers(site, single="no", working="yes", siblings="no", disability="no")
    press(site, 'button[value="next"]')
    assert "/pagine/confirmationPage" in site.path, site.describe()
    assert not site.exists("#section-disabilitySection") and not site.exists('[name="a.disabilityCertificate"]')
    # 0 (disability: no) + 0 (single parent: no) + 15 (both parents working) + 0 (siblings: no) = 15
    assert site.find("#field-provisionalScore").text == "15", site.describe()
    site.axe("score without a disability")

    # Back: the child has a certified disability and a brother at a municipal nursery.
    press(site, 'button[value="back"]')
    assert "/pagine/scoringPage" in site.path, site.describe()
    score_answers(site, single="no", working="yes", siblings="yes", disability="yes")
    press(site, 'button[value="next"]')
    assert "/pagine/confirmationPage" in site.path, site.describe()
    assert site.exists("#section-disabilitySection") and site.exists('[name="a.disabilityCertificate"]'), (
        "the certificate is asked for a child with a disability: " + site.describe())
    # 30 (disability) + 0 (single parent: no) + 15 (both parents working) + 5 (siblings) = 50
    assert site.find("#field-provisionalScore").text == "50", site.describe()
    site.axe("score with a disability")
    declarations = ("truthfulness", "otherParentAgreement", "vaccinations", "privacy")
    for name in declarations:
        site.find(f'input[name="a.{name}"]').click()
    press(site, 'button[value="next"]')
    assert "/pagine/confirmationPage" in site.path and site.exists(".error-summary"), site.describe()
    assert site.exists("#field-disabilityCertificate-error"), site.describe()
    assert all(site.find(f'input[name="a.{name}"]').is_selected() for name in declarations), "ticks are kept"
    site.axe("missing disability certificate")
    site.find('[name="a.disabilityCertificate"]').send_keys(str(certificate))
    press(site, 'button[value="next"]')

    assert site.path.endswith("/riepilogo"), site.describe()
    text = site.text()
    for expected in ("RSSSFO24M51H501F", "11/08/2024", "06 1234567", "Nido «Arcobaleno»", "Nido «Pollicino»",
                     "Tempo pieno", "certificazione-104.pdf"):
        assert expected in text, f"{expected!r} missing from the summary: {site.describe()}"
    assert "L'Aquilone" not in text, "the unticked nursery is not in the summary"
    confirm_filing(site, filing, "asilo nido")
