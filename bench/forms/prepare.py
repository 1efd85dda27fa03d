"""Signs a citizen in through the test provider, starts a filing of `pagamento-avviso`, accepts the
privacy notice and prints shell assignments: the session cookie, the page URL and a save body."""
import re
import sys
import urllib.parse

import requests

base = sys.argv[1]
code = sys.argv[2] if len(sys.argv) > 2 else "pagamento-avviso"
s = requests.Session()
page = s.get(f"{base}/auth/login?next=/servizi/{code}")
fields = dict(re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)"', page.text))
fields = {k: v.replace("&amp;", "&") for k, v in fields.items()}
fields["citizen"] = "RSSMRA85T10A562S"
page = s.post(f"{base}/test-idp/authorize", data=fields)
csrf = re.search(r'name="csrf_token" value="([^"]*)"', page.text).group(1)
page = s.post(f"{base}/servizi/{code}/avvia", data={"csrf_token": csrf})
page = s.post(page.url, data={"csrf_token": csrf, "consent": "yes"})
assert "/pagine/" in page.url, page.url
inputs = re.findall(r'name="(a\.[^"]*)"', page.text)
# Valid answers for the first page of the notice payment; "next" validates, saves and redirects (303).
answers = {
    "csrf_token": csrf, "a.noticeNumber": "301000000000000144", "a.creditorFiscalCode": "00085240950",
    "a.amount": "120,50", "a.paymentReason": "fine", "action": "next",
}
body = urllib.parse.urlencode(answers)
cookie = "sportello_session=" + s.cookies["sportello_session"]
print(f"COOKIE='{cookie}'")
print(f"PAGE_URL='{page.url}'")
print(f"BODY='{body}'")
print(f"FIELDS='{' '.join(inputs)}'")
