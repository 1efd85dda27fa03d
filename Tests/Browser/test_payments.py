"""Payments due in Chromium (issue: pagoPA): an operator uploads a CSV of fines in the back office (one line refused,
listed with its reason); the citizen finds the notice in the personal area, downloads it, pays it at the demo's
pagoPA checkout and finds the receipt; axe-core checks every page on the way.

The operator uses the main host and the citizen the alternate one (both the demo municipality, each with its own
session cookie)."""
import random
from pathlib import Path

from forms import press, set_date


def test_office_creates_a_fine_and_the_citizen_pays_it(site, alt_site, tmp_path: Path):
    office, citizen = site, alt_site
    reference = f"VB-{random.randint(100000, 999999)}"
    csv = tmp_path / "multe.csv"
    csv.write_text(
        "codice_fiscale;nominativo;importo;causale;scadenza;id_posizione\n"
        f"RSSMRA85T10A562S;Mario Rossi;41,00;Sanzione verbale {reference};31/12/2099;{reference}\n"
        "RSSMRA85T10A562S;Mario Rossi;zero;Riga sbagliata;31/12/2099;X-1\n",
        encoding="utf-8")

    office.backoffice_login("operatore")
    office.open("/backoffice/pagamenti")
    assert "Pagamenti dovuti" in office.h1(), office.describe()
    office.axe("payments due (back office)")
    office.find("#file").send_keys(str(csv))
    press(office, "#import-positions")
    assert "1 posizioni create" in office.text() and "1 righe non importate" in office.text(), office.describe()
    assert "Riga" in office.find("#import-errors").text, office.describe()
    office.axe("payments due with a refused line")

    citizen.open("/auth/login?next=/area-personale")
    citizen.wait_path("/test-idp/authorize")
    citizen.submit_and_wait(citizen.find_all('button[name="citizen"][value="RSSMRA85T10A562S"]')[0])
    citizen.wait_path("/area-personale", exact=True)
    due = citizen.find("#payments-due").text
    assert f"Sanzione verbale {reference}" in due and "41,00 €" in due, citizen.describe()
    citizen.axe("personal area with a payment due")
    cards = [c for c in citizen.find_all("#payments-due li.card") if reference in c.text]
    pay = [a for a in cards[0].find_elements("css selector", "a") if a.get_attribute("href").endswith("/paga")]
    assert pay, citizen.describe()
    pay[0].click()
    citizen.wait_path("/simulatori/pagopa/checkout")
    citizen.axe("pagoPA checkout (simulator)")
    press(citizen, "#checkout-pay")
    citizen.wait_path("/area-personale")
    assert "Pagamento riuscito" in citizen.text(), citizen.describe()
    assert f"Sanzione verbale {reference}" in citizen.find("#receipts").text, citizen.describe()
    assert f"Sanzione verbale {reference}" not in citizen.find("#payments-due").text, "a paid notice is no longer due"
    citizen.axe("personal area with the receipt")


def test_office_creates_one_position_and_cancels_it(site):
    office = site
    reference = f"VB-{random.randint(100000, 999999)}"
    office.backoffice_login("admin")
    office.open("/backoffice/pagamenti")
    office.find("#entry-codice_fiscale").send_keys("RSSMRA85T10A562X")
    office.find("#entry-nominativo").send_keys("Mario Rossi")
    office.find("#entry-importo").send_keys("41,00")
    office.find("#entry-causale").send_keys(f"Sanzione verbale {reference}")
    set_date(office, "entry-scadenza", "2099-12-31")
    press(office, "#create-position")
    assert office.exists("#entry-codice_fiscale-error") and office.exists(".error-summary"), office.describe()
    assert office.find("#entry-causale").get_attribute("value") == f"Sanzione verbale {reference}", "typed values are kept"
    office.axe("new position with a wrong fiscal code")
    field = office.find("#entry-codice_fiscale")
    field.clear()
    field.send_keys("RSSMRA85T10A562S")
    set_date(office, "entry-scadenza", "2099-12-31")
    press(office, "#create-position")
    assert "Posizione creata" in office.text(), office.describe()
    rows = [r for r in office.find_all("#positions tbody tr") if reference in r.text]
    assert rows, office.describe()
    rows[0].find_element("css selector", "a[href$='/annulla']").click()
    office.wait_path("/backoffice/pagamenti/posizioni/")
    office.axe("cancel a position")
    press(office, "#invalidate-position")
    office.wait_path("/backoffice/pagamenti")
    assert "Posizione annullata" in office.text(), office.describe()
    rows = [r for r in office.find_all("#positions tbody tr") if reference in r.text]
    assert rows and "Annullata" in rows[0].text, office.describe()
