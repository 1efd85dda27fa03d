"""Reads the totals of a reconciliation report page and checks them against what receipts.py expects.
Usage: check_report.py REPORT_HTML EXPECTED_JSON   (prints the totals; exits 1 when they differ)"""
import json
import re
import sys

html = open(sys.argv[1], encoding="utf-8").read()
expected = json.loads(sys.argv[2])
totals = {label: int(count) for label, count in re.findall(r"<dt>([^<]+)</dt><dd>(\d+) · ", html)}
wanted = {"Riconciliati": expected["matched"], "Importo diverso": expected["amount_differs"],
          "Ricevuta mancante": expected["receipt_missing"], "IUV sconosciuto": expected["unknown"]}
print(", ".join(f"{label} {totals.get(label, 0)}" for label in wanted)
      + f"; receipts sent in {expected['receipts_seconds']} s")
if any(totals.get(label, 0) != count for label, count in wanted.items()):
    print(f"unexpected totals: {totals}, wanted {wanted}", file=sys.stderr)
    sys.exit(1)
