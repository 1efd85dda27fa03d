"""Pay-then-protocol in Chromium (issue: pagoPA): a citizen applies for a zoning certificate, whose fee is computed
from the number of parcels; confirming leads to the payment page, not to a protocol number; a failed payment at the
demo's pagoPA checkout leaves the filing waiting, and resumable; a successful one gets the filing registered, with
the pagoPA receipt among its documents. axe-core checks every page on the way."""
import time

from forms import choose, fill, press, start_filing, submitted_number


def test_fee_is_paid_before_the_filing_is_registered(site):
    filing = start_filing(site, "certificato-urbanistico", "RSSMRA85T10A562S")

    # Six parcels: 30 € for the first five, 5 € more for the sixth.
    assert "/pagine/parcelsPage" in site.path, site.describe()
    site.axe("parcels")
    while not site.exists('[name="a.parcels.6.sheet"]'):
        press(site, 'button[value="add:parcels"]')
    for number in range(1, 7):
        fill(site, f"a.parcels.{number}.sheet", str(10 + number))
        fill(site, f"a.parcels.{number}.parcel", str(200 + number))
    press(site, 'button[value="next"]')
    assert "/pagine/purposePage" in site.path, site.describe()
    choose(site, "a.purpose", "sale")
    press(site, 'button[value="next"]')
    assert "/riepilogo" in site.path, site.describe()
    assert "35,00" in site.text(), site.describe()
    site.axe("summary with the fee")
    site.find("#go-confirm").click()
    site.wait_path(filing + "/conferma", exact=True)
    press(site, "#confirm-filing")

    # Confirmed, not registered: the fee comes first.
    assert "Paga i diritti" in site.h1(), site.describe()
    assert site.find("#fee-amount").text == "35,00 €", site.describe()
    assert not site.exists("#protocol-number"), "no protocol number before the payment"
    outcome = site.path
    site.axe("fee to pay")
    site.open("/area-personale")
    cards = [c for c in site.find_all("#filings li.card") if "destinazione urbanistica" in c.text]
    assert cards and "da pagare" in cards[0].text, site.describe()
    assert "Diritti di segreteria" in site.find("#payments-due").text, site.describe()

    # A failed payment: back on the filing, still waiting, with the reason.
    site.open(outcome)
    site.find("#fee-pay").click()
    site.wait_path("/simulatori/pagopa/checkout")
    press(site, "#checkout-fail")
    site.wait_path(outcome)
    assert "non è andato a buon fine" in site.find("#payment-attempt").text, site.describe()
    assert "Paga i diritti" in site.h1(), site.describe()
    site.axe("fee after a failed payment")

    # Paid: the filing is registered by the outbox as soon as the receipt is recorded.
    site.find("#fee-pay").click()
    site.wait_path("/simulatori/pagopa/checkout")
    press(site, "#checkout-pay")
    site.wait_path(outcome)
    deadline = time.monotonic() + 20
    while "Domanda inviata" not in site.h1() and time.monotonic() < deadline:
        assert "Pagamento ricevuto" in site.h1(), site.describe()
        time.sleep(0.5)
        site.open(outcome)
    submitted_number(site)
    assert site.exists('a[href$="/documenti/pagamento.pdf"]'), site.describe()
    site.open("/area-personale")
    assert "Diritti di segreteria" not in site.find("#payments-due").text, "a paid fee is no longer due"
    assert "Diritti di segreteria" in site.find("#receipts").text, site.describe()
