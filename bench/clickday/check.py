"""After a click-day run: every filing a citizen saw acknowledged (the locust log: citizen, filing, number shown)
is submitted with that protocol number, once; numbers are 1..N without gaps or duplicates; every submitted filing
has its stored copy and its two e-mails, delivered once the outbox has drained; no citizen filed twice.
Exits non-zero on a violation. Prints the run's figures as `key=value` lines for run.sh.

Usage: check.py DATABASE_URL LOG_FILE [DRAIN_SECONDS]"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "faults"))
from common import query, register_problems  # noqa: E402

database, log_file = sys.argv[1], sys.argv[2]
drain = float(sys.argv[3]) if len(sys.argv) > 3 else 300
acknowledged = {}
citizens = set()
times = []
with open(log_file) as f:
    for line in f:
        citizen, filing, number, at = line.split()
        acknowledged[filing] = int(number)
        citizens.add(citizen)
        times.append(float(at))
problems, submitted = register_problems(database, acknowledged)
if len(citizens) != len(acknowledged):
    problems.append(f"{len(acknowledged)} filings acknowledged to {len(citizens)} citizens")
numbers = dict(query(database, "SELECT lower(CAST(id AS TEXT)), protocol_number FROM filings WHERE status = 'submitted'"))
for filing, shown in acknowledged.items():
    stored = numbers.get(filing)
    if stored is None or int(stored) != shown:
        problems.append(f"filing {filing}: the page showed {shown}, the register has {stored}")

# The outbox drains: every e-mail delivered, none dead.
deadline = time.time() + drain
while True:
    states = dict(query(database, "SELECT state, count(*) FROM outbox_jobs WHERE kind LIKE 'email.%' GROUP BY state"))
    pending = sum(int(v) for k, v in states.items() if k not in ("delivered", "dead"))
    if pending == 0 or time.time() > deadline:
        break
    time.sleep(2)
delivered = int(states.get("delivered", 0))
if delivered != 2 * submitted:
    problems.append(f"{delivered} e-mails delivered for {submitted} submitted filings (states {states})")

times.sort()
middle = times[len(times) // 10: len(times) - len(times) // 10]
steady = (len(middle) - 1) / (middle[-1] - middle[0]) if len(middle) > 1 and middle[-1] > middle[0] else 0
print(f"acknowledged={len(acknowledged)}")
print(f"submitted={submitted}")
print(f"elapsed={times[-1] - times[0]:.1f}" if times else "elapsed=0")
print(f"steady={steady:.1f}")
if len(middle) > 1:
    print(f"steady_from={middle[0]:.3f}; steady_to={middle[-1]:.3f}; steady_count={len(middle) - 1}")
print(f"delivered={delivered}")
for problem in problems[:20]:
    print("PROBLEM:", problem, file=sys.stderr)
sys.exit(1 if problems else 0)
