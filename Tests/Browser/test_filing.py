"""A citizen files a demo procedure in Chromium, from the service page to "ready to submit",
with an axe-core check of every page on the way (issue: form engine)."""

from forms import fill, press, submitted_number


def test_file_a_notice_payment_end_to_end(site):
    site.open("/servizi/pagamento-avviso")
    site.axe("service page (anonymous)")
    site.find("#start-filing").click()  # a link to sign in, landing back here
    site.wait_path("/test-idp/authorize")
    buttons = site.find_all('button[name="citizen"][value="RSSMRA85T10A562S"]')
    site.submit_and_wait(buttons[0])
    site.wait_path("/servizi/pagamento-avviso", exact=True)
    site.axe("service page (signed in)")

    press(site, "#start-filing")
    site.wait_path("/pratiche/")
    assert site.path.endswith("/privacy"), site.describe()
    site.axe("privacy consent")
    press(site, "main button[type=submit]")  # without consent: refused, explained
    assert "informativa sulla privacy" in site.text().lower(), site.describe()
    site.axe("privacy consent with error")
    site.find("#field-consent").click()
    press(site, "main button[type=submit]")
    assert "/pagine/noticePage" in site.path, site.describe()
    site.axe("page 1")

    fill(site, "a.noticeNumber", "301000000000000145")  # wrong mod-93 check digits
    fill(site, "a.creditorFiscalCode", "00085240950")
    fill(site, "a.amount", "120,50")
    site.find('input[name="a.paymentReason"][value="fine"]').click()
    press(site, 'button[value="next"]')
    assert "/pagine/noticePage" in site.path, "a wrong notice number must keep the citizen on the page"
    assert site.exists(".error-summary"), site.describe()
    assert site.find('[name="a.amount"]').get_attribute("value") == "120,50", "typed values are kept"
    site.axe("page 1 with errors")

    fill(site, "a.noticeNumber", "301000000000000144")
    press(site, 'button[value="next"]')
    assert "/pagine/confirmPage" in site.path, site.describe()
    assert site.exists('[name="a.fineReportNumber"]'), "the fine's report number is asked only for fines"
    assert not site.exists('[name="a.tariYear"]')
    site.axe("page 2")
    assert not site.exists('[name="a.payerEmail"]'), "the email comes from the digital identity (once only)"
    assert "mario.rossi@example.org" in site.text()
    site.find('input[name="a.dataMatchNotice"]').click()
    press(site, 'button[value="next"]')
    assert site.path.endswith("/riepilogo"), site.describe()
    assert "301000000000000144" in site.text()
    assert "€ 120,50" in site.text()
    site.axe("summary")

    site.find("#go-confirm").click()
    site.wait_path("/pratiche/")
    assert site.path.endswith("/conferma"), site.describe()
    site.axe("confirmation")
    press(site, "#confirm-filing")
    number = submitted_number(site)
    assert "mario.rossi@example.org" in site.find("#receipt-email").text
    # The rating: the question of the AgID flow, a refused empty answer, then five stars.
    assert "Quanto è stato facile usare questo servizio?" in site.text()
    press(site, "#rate")
    assert "Scegli da 1 a 5 stelle" in site.text(), site.describe()
    site.axe("rating refused")
    site.find("#score-5").click()
    press(site, "#rate")
    assert "Grazie per la valutazione (5 su 5)" in site.text(), site.describe()

    site.open("/area-personale")
    assert f"protocollo n. {number}" in site.text(), site.describe()
    site.axe("personal area with a filing")

    # The municipality's side: the two e-mails in the demo mailbox, nothing undelivered.
    site.logout()
    site.backoffice_login("admin")
    site.open("/backoffice/admin/mailbox")
    site.wait_ready()
    mails = site.text()
    assert f"ricevuta – protocollo n. {number}" in mails, site.describe()
    assert "Codice di sicurezza per la pratica" in mails, site.describe()
    assert "mario.rossi@example.org" in mails
    site.axe("demo mailbox")
    site.open("/backoffice/admin/outbox")
    site.wait_ready()
    assert "Nessun messaggio non consegnato." in site.text(), site.describe()
    site.axe("outbox")
