"""Prepares a submission benchmark: signs Mario in through the test provider, fills one rent contribution
(contributo-affitto: household from the registry, ISEE, contract, two PDF attachments, declarations) up to
the summary, then copies that draft N times in the database so that every confirmation submits a filing
of its own. Prints shell assignments: COOKIE, CSRF, IDS_FILE.

Usage: prepare.py BASE_URL DATABASE_URL COUNT IDS_FILE   (DATABASE_URL: sqlite:/path or postgres://...)"""
import datetime
import os
import re
import subprocess
import sys
import uuid

import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from minimal_pdf import minimal_pdf  # noqa: E402

base, database, count, ids_file = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
s = requests.Session()


def csrf_of(text):
    return re.search(r'name="csrf_token" value="([^"]*)"', text).group(1)


page = s.get(f"{base}/auth/login?next=/servizi/contributo-affitto")
fields = {k: v.replace("&amp;", "&") for k, v in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)"', page.text)}
fields["citizen"] = "RSSMRA85T10A562S"
page = s.post(f"{base}/test-idp/authorize", data=fields)
csrf = csrf_of(page.text)
page = s.post(f"{base}/servizi/contributo-affitto/avvia", data={"csrf_token": csrf})
page = s.post(page.url, data={"csrf_token": csrf, "consent": "yes"})
filing = re.search(r"/pratiche/([0-9a-f-]{36})", page.url).group(1)


def save(name, answers, files=None):
    url = f"{base}/pratiche/{filing}/pagine/{name}"
    data = {"csrf_token": csrf, **answers, "action": "next"}
    if files:
        response = s.post(url, data=data, files=files)
    else:
        response = s.post(url, data=data)
    assert f"/pagine/{name}" not in response.url, (name, response.url, re.findall(r'form-field__error"[^>]*>([^<]*)', response.text))
    return response


save("applicantPage", {"a.applicantPhone": "333 1234567"})
household = {}
for n, (relation, income, disabled) in enumerate(
        [("applicant", "18.000", "no"), ("spouse", "6.500,50", "no"), ("child", "0", "yes"), ("child", "0", "no")], 1):
    household.update({f"a.household.{n}.relation": relation, f"a.household.{n}.income": income,
                      f"a.household.{n}.disabled": disabled})
page = s.get(f"{base}/pratiche/{filing}/pagine/householdPage")
for tag in re.findall(r"<input [^>]*>", page.text):
    name, value = re.search(r'name="([^"]*)"', tag), re.search(r'value="([^"]*)"', tag)
    if name and value and name.group(1).startswith("a.household.") and 'type="radio"' not in tag:
        household.setdefault(name.group(1), value.group(1))
household["n.household"] = "4"
save("householdPage", household)
save("iseePage", {"a.iseeValue": "9.800", "a.iseeDate": (datetime.date.today() - datetime.timedelta(days=30)).isoformat(),
                  "a.iseeProtocol": "INPS-ISEE-2026-123456789-01"})
save("contractPage", {"a.contractType": "agreedRent", "a.contractRegistrationDate": "2025-02-01",
                      "a.contractRegistrationNumber": "2025/3T/001234", "a.monthlyRent": "650", "a.landlordKind": "person"})
save("documentsPage", {"a.landlordName": "Giovanni Verdi", "a.landlordFiscalCode": "VRDGNN60A01H501F",
                       "a.paymentIban": "IT60 X054 2811 1010 0000 0123 456"},
     files={"a.contractFile": ("contratto-locazione.pdf", minimal_pdf("Contratto di locazione"), "application/pdf"),
            "a.disabilityCertificate": ("certificato-104.pdf", minimal_pdf("Certificato legge 104"), "application/pdf")})
page = save("summaryPage", {"a.truthfulness": "yes", "a.requirementsDeclaration": "yes", "a.privacy": "yes"})
assert page.url.endswith("/riepilogo"), page.url

# Copies of the complete draft, each with its own id (the same citizen files them all).
ids = [str(uuid.uuid4()) for _ in range(count)]
columns = ("tenant_id, procedure_code, procedure_version, owner_fiscal_code, status, answers, current_page, "
           "consented_at, created_at, updated_at")
if database.startswith("sqlite:"):
    import sqlite3
    db = sqlite3.connect(database[len("sqlite:"):], timeout=60)
    db.executemany(f"INSERT INTO filings (id, {columns}) SELECT ?, {columns} FROM filings WHERE id = ?",
                   [(i.upper(), filing.upper()) for i in ids])
    db.commit()
else:
    values = ",".join(f"('{i}'::uuid)" for i in ids)
    sql = (f"INSERT INTO filings (id, {columns}) SELECT n.id, {columns} FROM filings, (VALUES {values}) AS n(id) "
           f"WHERE filings.id = '{filing}'")
    subprocess.run(["psql", "-q", database], input=sql, text=True, check=True)
with open(ids_file, "w") as out:
    out.write("\n".join(ids) + "\n")
print(f"COOKIE='sportello_session={s.cookies['sportello_session']}'")
print(f"CSRF='{csrf}'")
print(f"FILING='{filing}'")
