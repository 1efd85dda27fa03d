"""Seeds N submitted filings, each with its back-office case row, into the demo municipality of a Sportello
database (the server must have started once, so the demo municipality and its procedures exist). Names,
fiscal codes, procedures, states, dates, assignments and deadlines are spread like a year of a busy office.
Prints the search words and procedure codes to use as shell assignments.

Usage: seed.py DATABASE_URL COUNT   (DATABASE_URL: sqlite:/path or postgres://...)"""
import datetime
import io
import json
import random
import subprocess
import sys
import unicodedata
import uuid

database, count = sys.argv[1], int(sys.argv[2])
random.seed(42)
GIVEN = ["Mario", "Laura", "Giuseppe", "Anna", "Niccolò", "Chiara", "Luca", "Francesca", "Marco", "Giulia", "Ahmed",
         "Sofia", "Paolo", "Elena", "Davide", "Sara", "Matteo", "Martina", "Andrea", "Federica"]
FAMILY = ["Rossi", "Bianchi", "Verdi", "Russo", "Esposito", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno",
          "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri",
          "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone", "Longo",
          "Gentile", "Martinelli", "Vitale", "Lombardo", "Serra", "Coppola", "De Santis", "D'Angelo", "Marchetti"]
STATUSES = ["submitted"] * 40 + ["inProgress"] * 25 + ["supplementRequested"] * 5 + ["supplementReceived"] * 3 + \
    ["accepted"] * 17 + ["rejected"] * 5 + ["closed"] * 5
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def fold(text):
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn").lower()


def query(sql):
    if database.startswith("sqlite:"):
        import sqlite3
        return sqlite3.connect(database[len("sqlite:"):], timeout=60).execute(sql).fetchall()
    out = subprocess.run(["psql", "-qtA", "-F", "\t", database, "-c", sql], capture_output=True, text=True, check=True)
    return [tuple(line.split("\t")) for line in out.stdout.splitlines() if line]


tenant = query("SELECT id FROM tenants WHERE slug = 'esempio'")[0][0]
procedures = sorted({row[0] for row in query("SELECT code FROM procedure_versions")})
operators = query(f"SELECT id, display_name FROM operators WHERE tenant_id = '{tenant}'")
now = datetime.datetime.now(datetime.timezone.utc)
start = now - datetime.timedelta(days=365)
step = datetime.timedelta(days=365) / count
filings, cases, terms = [], [], []
for n in range(count):
    filing = str(uuid.uuid4())
    given, family = random.choice(GIVEN), random.choice(FAMILY)
    fiscal = (fold(family).replace(" ", "").replace("'", "").upper() + "XXX")[:3] + (fold(given).upper() + "XXX")[:3] + \
        f"{random.randint(40, 99)}{random.choice('ABCDEHLMPRST')}{random.randint(1, 28):02d}" + \
        f"{random.choice(LETTERS)}{random.randint(100, 999)}{random.choice(LETTERS)}"
    name = f"{given} {family}"
    submitted = start + step * n
    status = random.choice(STATUSES)
    procedure = random.choice(procedures)
    due = submitted + datetime.timedelta(days=random.choice([30, 60, 90]))
    assigned = random.choice(operators) if status != "submitted" else (None, None)
    concluded = submitted + datetime.timedelta(days=random.randint(1, 60)) if status in ("accepted", "rejected", "closed") else None
    code = filing.replace("-", "")[:8].upper()
    number = n + 1
    words = fold(name).replace("-", " ").split() + [w.split("'")[-1] for w in fold(name).split() if "'" in w]
    for term in dict.fromkeys(words + [fold(fiscal), fold(code), f"{submitted.year}/{number:07d}", f"{number:07d}", str(number)]):
        terms.append((tenant, term, filing))
    filings.append((filing, tenant, procedure, 1, fiscal, status, "{}", submitted, submitted))
    cases.append((filing, tenant, procedure, status, fiscal, name, f"{fold(given)}@example.org",
                  random.choice(["spid", "spid", "spid", "cie", "cns"]), code, str(uuid.uuid4()), submitted.year, number,
                  submitted, submitted, due, assigned[0], assigned[1], concluded, submitted, "{}"))
FILING_COLUMNS = "id, tenant_id, procedure_code, procedure_version, owner_fiscal_code, status, answers, created_at, updated_at"
CASE_COLUMNS = ("filing_id, tenant_id, procedure_code, status, citizen_fiscal_code, citizen_name, citizen_email, "
                "sign_in_method, filing_code, protocol_entry_id, protocol_year, protocol_number, registered_at, submitted_at, "
                "due_at, assigned_operator_id, assigned_operator_name, concluded_at, updated_at, prefill")
TERM_COLUMNS = "tenant_id, term, filing_id"
if database.startswith("sqlite:"):
    import sqlite3
    db = sqlite3.connect(database[len("sqlite:"):], timeout=60)

    def sqlite_row(row):
        return tuple(v.timestamp() if isinstance(v, datetime.datetime) else
                     v.upper() if isinstance(v, str) and len(v) == 36 and v.count("-") == 4 else v for v in row)
    db.executemany(f"INSERT INTO filings ({FILING_COLUMNS}) VALUES ({','.join('?' * 9)})", map(sqlite_row, filings))
    db.executemany(f"INSERT INTO cases ({CASE_COLUMNS}) VALUES ({','.join('?' * 20)})", map(sqlite_row, cases))
    db.executemany(f"INSERT INTO case_terms ({TERM_COLUMNS}) VALUES (?,?,?)", map(sqlite_row, terms))
    db.commit()
    db.execute("ANALYZE")
else:
    for table, columns, rows in (("filings", FILING_COLUMNS, filings), ("cases", CASE_COLUMNS, cases),
                                 ("case_terms", TERM_COLUMNS, terms)):
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join("\\N" if v is None else v.isoformat() if isinstance(v, datetime.datetime) else
                                   str(v).replace("\\", "\\\\") for v in row) + "\n")
        subprocess.run(["psql", "-q", database, "-c", f"\\copy {table} ({columns}) FROM STDIN"], input=buffer.getvalue(),
                       text=True, check=True)
    subprocess.run(["psql", "-q", database, "-c", "ANALYZE"], check=True)
print(f"PROCEDURES='{' '.join(procedures)}'")
