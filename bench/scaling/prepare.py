"""Prepares the scaling run (bench/scaling/run.sh) and checks that sessions and uploads are shared by the nodes.

Citizens sign in on node A itself: the demo's test identity provider keeps its authorization codes in the memory
of the node that issued them, so a sign-in must come back to the node that started it (a real SPID/CIE provider
is outside the nodes and has no such limit). Everything after the sign-in goes through nginx, which spreads the
requests over both nodes: a session made on node A must be valid on node B, and a document uploaded through
either node must be readable from both.

  prepare.py pages NODE_A LB COUNT OUT
      COUNT sign-ins of Mario Rossi on node A; each session starts a filing of `pagamento-avviso` through nginx.
      Writes one line per citizen to OUT: cookie, page path, urlencoded save body (tab-separated).

  prepare.py filings NODE_A NODE_B LB DATABASE_URL COUNT OUT...
      Fills one rent contribution (`contributo-affitto`, two PDF attachments) through nginx, reads the attachments
      back from node A and node B directly (same bytes, or it fails), then copies the complete draft COUNT times
      per OUT file in the database and writes the ids, one per line. Prints COOKIE= and CSRF= for the shell.
"""
import datetime
import hashlib
import os
import re
import subprocess
import sys
import urllib.parse
import uuid

import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from minimal_pdf import minimal_pdf  # noqa: E402


def csrf_of(text):
    return re.search(r'name="csrf_token" value="([^"]*)"', text).group(1)


def sign_in(node, next_path):
    """A session of Mario Rossi, signed in through node's test provider."""
    s = requests.Session()
    page = s.get(f"{node}/auth/login?next={next_path}")
    fields = {k: v.replace("&amp;", "&") for k, v in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)"', page.text)}
    fields["citizen"] = "RSSMRA85T10A562S"
    page = s.post(f"{node}/test-idp/authorize", data=fields)
    assert page.status_code == 200 and "sportello_session" in s.cookies, (page.status_code, page.url)
    return s, csrf_of(page.text)


def start(s, lb, code, csrf):
    page = s.post(f"{lb}/servizi/{code}/avvia", data={"csrf_token": csrf})
    page = s.post(page.url, data={"csrf_token": csrf, "consent": "yes"})
    assert page.status_code == 200 and "/pagine/" in page.url, (page.status_code, page.url)
    return page


def pages(node, lb, count, out):
    lines = []
    for _ in range(count):
        s, csrf = sign_in(node, "/servizi/pagamento-avviso")
        page = start(s, lb, "pagamento-avviso", csrf)
        body = urllib.parse.urlencode({
            "csrf_token": csrf, "a.noticeNumber": "301000000000000144", "a.creditorFiscalCode": "00085240950",
            "a.amount": "120,50", "a.paymentReason": "fine", "action": "next"})
        path = urllib.parse.urlsplit(page.url).path
        lines.append(f"sportello_session={s.cookies['sportello_session']}\t{path}\t{body}")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


def filings(node_a, node_b, lb, database, count, outs):
    s, csrf = sign_in(node_a, "/servizi/contributo-affitto")
    page = start(s, lb, "contributo-affitto", csrf)
    filing = re.search(r"/pratiche/([0-9a-f-]{36})", page.url).group(1)

    def save(name, answers, files=None):
        url = f"{lb}/pratiche/{filing}/pagine/{name}"
        data = {"csrf_token": csrf, **answers, "action": "next"}
        response = s.post(url, data=data, files=files) if files else s.post(url, data=data)
        assert response.status_code == 200 and f"/pagine/{name}" not in response.url, (
            name, response.status_code, response.url, re.findall(r'form-field__error"[^>]*>([^<]*)', response.text))
        return response

    save("applicantPage", {"a.applicantPhone": "333 1234567"})
    household = {}
    for n, (relation, income, disabled) in enumerate(
            [("applicant", "18.000", "no"), ("spouse", "6.500,50", "no"), ("child", "0", "yes"), ("child", "0", "no")], 1):
        household.update({f"a.household.{n}.relation": relation, f"a.household.{n}.income": income,
                          f"a.household.{n}.disabled": disabled})
    page = s.get(f"{lb}/pratiche/{filing}/pagine/householdPage")
    for tag in re.findall(r"<input [^>]*>", page.text):
        name, value = re.search(r'name="([^"]*)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and value and name.group(1).startswith("a.household.") and 'type="radio"' not in tag:
            household.setdefault(name.group(1), value.group(1))
    household["n.household"] = "4"
    save("householdPage", household)
    save("iseePage", {"a.iseeValue": "9.800",
                      "a.iseeDate": (datetime.date.today() - datetime.timedelta(days=30)).isoformat(),
                      "a.iseeProtocol": "INPS-ISEE-2026-123456789-01"})
    save("contractPage", {"a.contractType": "agreedRent", "a.contractRegistrationDate": "2025-02-01",
                          "a.contractRegistrationNumber": "2025/3T/001234", "a.monthlyRent": "650",
                          "a.landlordKind": "person"})
    documents = {"a.contractFile": ("contratto-locazione.pdf", minimal_pdf(f"Contratto di locazione {uuid.uuid4()}")),
                 "a.disabilityCertificate": ("certificato-104.pdf", minimal_pdf(f"Certificato legge 104 {uuid.uuid4()}"))}
    save("documentsPage", {"a.landlordName": "Giovanni Verdi", "a.landlordFiscalCode": "VRDGNN60A01H501F",
                           "a.paymentIban": "IT60 X054 2811 1010 0000 0123 456"},
         files={k: (name, data, "application/pdf") for k, (name, data) in documents.items()})
    # The uploads went through nginx to one node or the other: both nodes must serve them, byte for byte.
    for name, data in documents.values():
        digest = hashlib.sha256(data).hexdigest()
        for base in (node_a, node_b, lb, lb):
            response = s.get(f"{base}/pratiche/{filing}/allegati/{digest}")
            assert response.status_code == 200 and response.content == data, (
                f"attachment {name} not served by {base}: {response.status_code}")
    print(f"# uploads checked: 2 attachments uploaded through nginx, read back identical from node A, node B and nginx",
          file=sys.stderr)
    page = save("summaryPage", {"a.truthfulness": "yes", "a.requirementsDeclaration": "yes", "a.privacy": "yes"})
    assert page.url.endswith("/riepilogo"), page.url

    columns = ("tenant_id, procedure_code, procedure_version, owner_fiscal_code, status, answers, current_page, "
               "consented_at, created_at, updated_at")
    for out in outs:
        ids = [str(uuid.uuid4()) for _ in range(count)]
        values = ",".join(f"('{i}'::uuid)" for i in ids)
        sql = (f"INSERT INTO filings (id, {columns}) SELECT n.id, {columns} FROM filings, (VALUES {values}) AS n(id) "
               f"WHERE filings.id = '{filing}'")
        subprocess.run(["psql", "-q", database], input=sql, text=True, check=True)
        with open(out, "w") as f:
            f.write("\n".join(ids) + "\n")
    print(f"COOKIE='sportello_session={s.cookies['sportello_session']}'")
    print(f"CSRF='{csrf}'")


if __name__ == "__main__":
    if sys.argv[1] == "pages":
        pages(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    elif sys.argv[1] == "filings":
        filings(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]), sys.argv[7:])
    else:
        sys.exit(__doc__)
