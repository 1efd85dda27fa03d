"""Click day: citizens filing the rent contribution (contributo-affitto), each one a different resident of the
demo's numbered crowd (`testProvider.syntheticCitizens`), without think time.

One iteration is one citizen, as a browser without JavaScript does it:
service page → sign-in through the test provider (OpenID Connect, PKCE, signed id token) → start → privacy consent
→ six form pages, each shown then saved (household prefilled from the registry, completed; a small PDF attached)
→ summary → confirmation (protocol number, stamped PDF/A copy, access code and e-mails queued, one durable act)
→ the confirmation page, checked for its protocol number.

Locust's statistics name each kind of request: "page render", "page save", "page save with file", "confirm" …
Environment: CLICKDAY_FILINGS (stop after this many confirmed filings, 0 = run until --run-time),
CLICKDAY_FIRST (number of the first citizen, so runs on one database do not reuse citizens),
CLICKDAY_LOG (a file where every acknowledged filing is written: citizen, filing id, protocol number)."""
import datetime
import itertools
import os
import re
import sys
import time
import uuid

import gevent
from locust import FastHttpUser, events, task
from locust.exception import StopUser

from citizens import fiscal_code

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from minimal_pdf import minimal_pdf  # noqa: E402

FILINGS = int(os.environ.get("CLICKDAY_FILINGS", "0"))
NEXT_CITIZEN = itertools.count(int(os.environ.get("CLICKDAY_FIRST", "0")))
STARTED = itertools.count(1)
DONE = itertools.count(1)
IN_FLIGHT = 0
QUITTING = False
LOG = open(os.environ["CLICKDAY_LOG"], "a", buffering=1) if os.environ.get("CLICKDAY_LOG") else None
PROCEDURE = "/servizi/contributo-affitto"
HIDDEN = re.compile(r'<input type="hidden" name="([^"]*)" value="([^"]*)"')
CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')
INPUT = re.compile(r"<input [^>]*>")
NAME = re.compile(r'name="([^"]*)"')
VALUE = re.compile(r'value="([^"]*)"')
PROTOCOL = re.compile(r"\b\d{7}\b")


CONTRACT = minimal_pdf("Contratto di locazione", padding=3000)


def multipart(fields, files):
    """A multipart/form-data body: the CSRF token first (the server checks it before reading on), then fields, files."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, kind) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: {kind}\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Failed(Exception):
    pass


class Citizen(FastHttpUser):
    """A citizen on click day: files once, then the next citizen takes the connection's place."""

    def on_start(self):
        self.base = self.host.rstrip("/")

    def get(self, path, name, expect=200):
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != expect:
                response.failure(f"{name}: {response.status_code} for {path}")
                raise Failed(name)
            return response

    def post(self, path, data, name, expect=303, files=None):
        headers = {}
        if files:
            body, headers["Content-Type"] = multipart(data, files)
        else:
            body = data
        with self.client.post(path, data=body, headers=headers, name=name, allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code != expect:
                errors = re.findall(r'form-field__error"[^>]*>([^<]*)', response.text or "")
                response.failure(f"{name}: {response.status_code} for {path} {errors[:3]}")
                raise Failed(name)
            return response

    def location(self, response):
        target = response.headers["location"]
        return target[len(self.base):] if target.startswith(self.base) else target

    def finish(self):
        """Ends the run from a greenlet of its own (quitting from a user's own greenlet can leave locust waiting)."""
        global QUITTING
        if not QUITTING:
            QUITTING = True
            gevent.spawn(self.environment.runner.quit)

    @task
    def file_once(self):
        global IN_FLIGHT
        if FILINGS and next(STARTED) > FILINGS:
            # Every filing is started; the last citizen to finish (even one that failed) ends the run.
            if IN_FLIGHT == 0:
                self.finish()
            raise StopUser()
        self.client.cookiejar.clear()
        citizen = fiscal_code(next(NEXT_CITIZEN))
        IN_FLIGHT += 1
        try:
            self.file(citizen)
        except Failed:
            return
        finally:
            IN_FLIGHT -= 1

    def file(self, citizen):
        self.get(PROCEDURE, "service page")
        # Sign-in: our redirect to the provider, its page, the citizen's choice, our callback (token exchange).
        authorize = self.location(self.get(f"/auth/login?next={PROCEDURE}", "sign-in: start", 303))
        page = self.get(authorize, "sign-in: provider page")
        fields = {k: v.replace("&amp;", "&") for k, v in HIDDEN.findall(page.text)}
        fields["citizen"] = citizen
        callback = self.location(self.post("/test-idp/authorize", fields, "sign-in: provider answer"))
        back = self.location(self.get(callback, "sign-in: callback", 303))
        page = self.get(back, "service page, signed in")
        csrf = CSRF.search(page.text).group(1)
        consent = self.location(self.post(f"{PROCEDURE}/avvia", {"csrf_token": csrf}, "start"))
        self.get(consent, "privacy consent page")
        first = self.location(self.post(consent, {"csrf_token": csrf, "consent": "yes"}, "privacy consent"))
        filing = re.search(r"/pratiche/([0-9a-f-]{36})/", first).group(1)
        pages = f"/pratiche/{filing}/pagine"

        def step(name, answers, files=None, fill=None):
            page = self.get(f"{pages}/{name}", "page render")
            if fill:
                fill(page.text, answers)
            data = {"csrf_token": csrf, **answers, "action": "next"}
            label = "page save with file" if files else "page save"
            return self.location(self.post(f"{pages}/{name}", data, label, files=files))

        def household(html, answers):
            prefilled = {}
            for tag in INPUT.findall(html):
                name, value = NAME.search(tag), VALUE.search(tag)
                if name and value and name.group(1).startswith("a.household.") and 'type="radio"' not in tag:
                    prefilled[name.group(1)] = value.group(1)
            members = sorted({int(key.split(".")[2]) for key in prefilled})
            answers.update(prefilled)
            for n in members:
                relation = "applicant" if n == 1 else ("spouse" if n == 2 and len(members) == 3 else "child")
                answers.update({f"a.household.{n}.relation": relation, f"a.household.{n}.disabled": "no",
                                f"a.household.{n}.income": "18.000" if n == 1 else "0"})
            answers["n.household"] = str(len(members))

        step("applicantPage", {"a.applicantPhone": "333 1234567"})
        step("householdPage", {}, fill=household)
        step("iseePage", {"a.iseeValue": "9.800",
                          "a.iseeDate": (datetime.date.today() - datetime.timedelta(days=30)).isoformat(),
                          "a.iseeProtocol": "INPS-ISEE-2026-123456789-01"})
        step("contractPage", {"a.contractType": "agreedRent", "a.contractRegistrationDate": "2025-02-01",
                              "a.contractRegistrationNumber": "2025/3T/001234", "a.monthlyRent": "650",
                              "a.landlordKind": "person"})
        step("documentsPage", {"a.landlordName": "Giovanni Verdi", "a.landlordFiscalCode": "VRDGNN60A01H501F",
                               "a.paymentIban": "IT60 X054 2811 1010 0000 0123 456"},
             files={"a.contractFile": ("contratto-locazione.pdf", CONTRACT, "application/pdf")})
        summary = step("summaryPage", {"a.truthfulness": "yes", "a.requirementsDeclaration": "yes", "a.privacy": "yes"})
        if not summary.endswith("/riepilogo"):
            raise Failed(f"summary at {summary}")
        self.get(summary, "summary")
        outcome = self.location(self.post(f"/pratiche/{filing}/conferma", {"csrf_token": csrf}, "confirm"))
        with self.client.get(outcome, name="confirmation page", catch_response=True) as response:
            number = PROTOCOL.search(response.text or "")
            if response.status_code != 200 or not number:
                response.failure(f"confirmation page without a protocol number ({response.status_code})")
                raise Failed("confirmation")
        if LOG:
            LOG.write(f"{citizen} {filing} {number.group(0)} {time.time():.3f}\n")
        if FILINGS and next(DONE) >= FILINGS:
            self.finish()


@events.quitting.add_listener
def _close_log(environment, **_kwargs):
    if LOG:
        LOG.flush()
