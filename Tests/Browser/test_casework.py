"""The whole round trip of the back office in Chromium (issue: back office): a citizen files, an operator takes the
filing, asks for a document with a deadline, the citizen reads the message and answers with a file, the operator takes
it again and accepts it; with axe-core checks of the back-office pages and of the citizen's pages on the way.

The citizen uses the alternate host (localhost) and the operator the main one (127.0.0.1): both are the demo
municipality, and each host keeps its own session cookie, as two people's browsers would."""
from datetime import date, timedelta
from pathlib import Path

from forms import fill, minimal_pdf, press, set_date, submitted_number


def file_a_notice_payment(citizen) -> tuple[str, str]:
    """Files the shortest demo procedure as Mario; returns the filing's path and its protocol number."""
    citizen.open("/auth/login?next=/servizi/pagamento-avviso")
    citizen.wait_path("/test-idp/authorize")
    citizen.submit_and_wait(citizen.find_all('button[name="citizen"][value="RSSMRA85T10A562S"]')[0])
    citizen.wait_path("/servizi/pagamento-avviso", exact=True)
    press(citizen, "#start-filing")
    citizen.wait_path("/pratiche/")
    filing = "/".join(citizen.path.split("/")[:3])
    citizen.find("#field-consent").click()
    press(citizen, "main button[type=submit]")
    fill(citizen, "a.noticeNumber", "301000000000000144")
    fill(citizen, "a.creditorFiscalCode", "00085240950")
    fill(citizen, "a.amount", "120,50")
    citizen.find('input[name="a.paymentReason"][value="fine"]').click()
    press(citizen, 'button[value="next"]')
    fill(citizen, "a.fineReportNumber", "VB-2026-1234")
    citizen.find('input[name="a.dataMatchNotice"]').click()
    press(citizen, 'button[value="next"]')
    citizen.find("#go-confirm").click()
    citizen.wait_path(filing + "/conferma", exact=True)
    press(citizen, "#confirm-filing")
    return filing, submitted_number(citizen)


def test_operator_and_citizen_round_trip(site, alt_site, tmp_path: Path):
    citizen, office = alt_site, site
    filing, number = file_a_notice_payment(citizen)
    filing_id = filing.split("/")[-1]

    office.backoffice_login("operatore")
    assert "Pratiche in arrivo" in office.h1(), office.describe()
    fill(office, "q", number)
    press(office, ".filters button[type=submit]")
    assert office.exists(f'#inbox a[href="/backoffice/pratiche/{filing_id}"]'), office.describe()
    assert number in office.find("#inbox").text, office.describe()
    office.axe("inbox searched by protocol number")
    office.open(f"/backoffice/pratiche/{filing_id}")
    assert "Inviata" in office.find("#case-facts").text, office.describe()
    office.axe("filing page (submitted)")
    press(office, "#action-take")
    assert "Pratica presa in carico" in office.text() and "Giulia Russo" in office.find("#case-facts").text

    # A supplement request without its deadline is refused with the text kept; then sent.
    fill(office, "text", "Inviare copia del verbale notificato.")
    press(office, "#action-requestSupplement")
    assert office.exists(".error-summary") and "Indica il termine" in office.text(), office.describe()
    assert "Inviare copia del verbale notificato." in office.find("#text-requestSupplement").get_attribute("value")
    office.axe("filing page with a refused action")
    set_date(office, "deadline-requestSupplement", (date.today() + timedelta(days=15)).isoformat())
    press(office, "#action-requestSupplement")
    assert "Richiesta di integrazione protocollata" in office.text(), office.describe()
    office.axe("filing page (supplement requested)")

    # The citizen: the new message, then the answer with a file.
    citizen.open("/area-personale")
    messages = citizen.find("#messages").text
    assert "Richiesta di integrazione documentale" in messages and "nuovo" in messages, citizen.describe()
    citizen.axe("personal area with a new message")
    citizen.find("#messages a").click()
    citizen.wait_path("/area-personale/messaggi/")
    assert "Inviare copia del verbale notificato." in citizen.find("#message-body").text
    citizen.axe("message")
    citizen.open(filing + "/esito")
    assert "Integrazione richiesta" in citizen.find("#filing-status").text, citizen.describe()
    citizen.find(f'a[href="{filing}/integrazione"]').click()
    citizen.wait_path(filing + "/integrazione", exact=True)
    citizen.axe("supplement answer")
    report = tmp_path / "verbale.pdf"
    report.write_bytes(minimal_pdf("Verbale notificato"))
    fill(citizen, "text", "Allego il verbale.")
    citizen.find("#files").send_keys(str(report))
    press(citizen, "main form button[type=submit]")
    citizen.wait_path(filing + "/esito", exact=True)
    assert "Integrazione ricevuta" in citizen.find("#filing-status").text, citizen.describe()

    # The operator sees the answer and its file, takes the filing again and accepts it.
    office.open(f"/backoffice/pratiche/{filing_id}")
    assert "Allego il verbale." in office.find("#supplements").text and "verbale.pdf" in office.find("#documents").text
    press(office, "#action-take")
    press(office, "#action-accept")
    facts = office.find("#case-facts").text
    assert "Accolta" in facts, office.describe()
    history = office.find("#history").text
    for step in ("Prendi in carico", "Richiedi integrazione", "Integrazione inviata dal cittadino", "Accogli"):
        assert step in history, history
    office.axe("filing page (accepted)")

    citizen.open("/area-personale")
    assert "Provvedimento di accoglimento" in citizen.find("#messages").text, citizen.describe()


def test_back_office_tools_are_accessible(site):
    site.backoffice_login("admin")
    site.open("/backoffice/comunicazioni")
    assert "Comunicazioni massive" in site.h1(), site.describe()
    site.axe("mass communications")
    press(site, "#send-communication")  # empty: refused, explained
    assert site.exists(".error-summary"), site.describe()
    site.axe("mass communications with errors")
    site.open("/backoffice/statistiche")
    assert "Statistiche" in site.h1(), site.describe()
    site.axe("statistics")
    site.open("/backoffice/admin/uffici")
    assert site.exists('select[name="owner-pagamento-avviso"]'), site.describe()
    site.axe("offices and procedures")
    site.open("/trasparenza")
    site.axe("transparency")
