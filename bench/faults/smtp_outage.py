"""Keeps the SMTP server away while citizens file, then brings it back, and checks that the outbox delivers every
e-mail exactly once:

- the server is started with `mail.smtp.host`/`port` pointing at a port where nothing listens, and its
  in-process outbox worker running;
- FILINGS drafts are confirmed; each acknowledged confirmation queues two e-mails (the copy with the filing and
  receipt PDFs, the access code);
- while SMTP is down no job is delivered, and every job has been tried and kept for a retry (not given up);
- after DOWN seconds an SMTP sink (aiosmtpd, Tests/Support/smtp_sink.py) starts on that port; within a bound
  set by the outbox's back-off every job is delivered, and the sink holds exactly one message per job: one per
  idempotency key (X-Sportello-Message-Key), no Message-ID twice, and for each acknowledged filing its copy
  (its code in the subject, the PDFs attached) and its access code (its code in the subject, no attachment);
- a further wait brings no duplicate.

The outbox retries after 30 s, then 60, 120, 240 … (each ±20 %, RetryPolicy), so mail held back for DOWN seconds
arrives at most about one back-off step after SMTP is back. Exits non-zero on any violation.

Usage: smtp_outage.py SPORTELLO_BINARY DATABASE_URL WORK_DIR [FILINGS] [DOWN_SECONDS]"""
import email
import email.header
import email.policy
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from common import ROOT, Citizen, Server, free_port, query, register_problems

binary, database, work = sys.argv[1], sys.argv[2], os.path.abspath(sys.argv[3])
filings = int(sys.argv[4]) if len(sys.argv) > 4 else 50
down_seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 15
settle_seconds = 5
os.makedirs(work, exist_ok=True)
smtp_port = free_port()  # nothing listens here until the sink starts
server = Server(binary, database, os.path.join(work, "data"), env={
    "SPORTELLO_MAIL_SMTP_HOST": "127.0.0.1", "SPORTELLO_MAIL_SMTP_PORT": str(smtp_port),
    "SPORTELLO_MAIL_SMTP_SECURITY": "none", "SPORTELLO_MAIL_FROM": "protocollo@comune-esempio.test",
    "SPORTELLO_WORKER_IN_PROCESS": "true"})
sink = None
problems = []


def jobs():
    return query(database, "SELECT idempotency_key, state, attempts FROM outbox_jobs WHERE kind LIKE 'email.%'")


try:
    server.start()
    citizen = Citizen(server.base, database, work, filings)
    acknowledged, lock = [], threading.Lock()
    down_since = time.monotonic()

    def confirm(filing):
        response = requests.post(f"{server.base}/pratiche/{filing}/conferma", data={"csrf_token": citizen.csrf},
                                 headers=citizen.headers, allow_redirects=False, timeout=60)
        if response.status_code == 303 and response.headers.get("Location", "").endswith("/esito"):
            with lock:
                acknowledged.append(filing)
        else:
            problems.append(f"confirmation of {filing} answered {response.status_code}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(confirm, citizen.ids))
    print(f"{len(acknowledged)} of {filings} confirmations acknowledged with SMTP down "
          f"({time.monotonic() - down_since:.1f} s)")

    # Every job is tried against the closed port and kept for later.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        rows = jobs()
        if rows and all(int(attempts) >= 1 for _, _, attempts in rows):
            break
        time.sleep(0.5)
    rows = jobs()
    states = {}
    for _, state, _ in rows:
        states[state] = states.get(state, 0) + 1
    print(f"with SMTP down: {len(rows)} jobs, states {states}, attempts ≥ 1: "
          f"{sum(1 for r in rows if int(r[2]) >= 1)}")
    if len(rows) != 2 * len(acknowledged):
        problems.append(f"{len(rows)} jobs queued for {len(acknowledged)} acknowledged filings (2 each)")
    if any(state != "pending" for _, state, _ in rows):
        problems.append(f"jobs not pending while SMTP is down: {states}")
    if not all(int(attempts) >= 1 for _, _, attempts in rows):
        problems.append("some jobs were never tried while SMTP was down")

    time.sleep(max(0.0, down_seconds - (time.monotonic() - down_since)))
    mail_dir = os.path.join(work, "mail")
    sink = subprocess.Popen(
        [sys.executable, os.path.join(ROOT, "Tests", "Support", "smtp_sink.py"), "--dir", mail_dir, "--port",
         str(smtp_port)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    sink.stdout.readline()  # the port: the sink is listening
    back = time.monotonic()
    print(f"SMTP sink listening after {back - down_since:.1f} s down")

    # At most one back-off step (the second retry waits 60 s ±20 %) plus the delivery itself.
    bound = 90 if down_seconds < 25 else 2 * down_seconds + 60
    delivered_at = None
    while time.monotonic() - back < bound:
        if all(state == "delivered" for _, state, _ in jobs()):
            delivered_at = time.monotonic()
            break
        time.sleep(0.5)
    if delivered_at is None:
        states = {}
        for _, state, _ in jobs():
            states[state] = states.get(state, 0) + 1
        problems.append(f"not every job delivered {bound:.0f} s after SMTP came back: {states}")
    else:
        print(f"every job delivered {delivered_at - back:.1f} s after SMTP came back")
    time.sleep(settle_seconds)  # anything sent twice would arrive now

    keys = {key for key, _, _ in jobs()}
    messages = []
    for name in sorted(os.listdir(mail_dir)) if os.path.isdir(mail_dir) else []:
        if name.endswith(".eml"):
            with open(os.path.join(mail_dir, name), "rb") as f:
                messages.append(email.message_from_binary_file(f, policy=email.policy.default))
    ids = [m["Message-ID"] for m in messages]
    received = [m["X-Sportello-Message-Key"] for m in messages]
    subjects = [str(m["Subject"]) for m in messages]
    if len(set(ids)) != len(ids):
        problems.append(f"{len(ids) - len(set(ids))} messages received twice (same Message-ID)")
    if sorted(received) != sorted(keys):
        missing, extra = keys - set(received), len(received) - len(set(received))
        problems.append(f"messages do not match jobs one to one: {len(missing)} missing, {extra} duplicated")
    with_pdfs = [any(part.get_content_type() == "application/pdf" for part in m.iter_attachments()) for m in messages]
    for filing in acknowledged:
        code = filing.replace("-", "")[:8].upper()  # the filing code quoted in both subjects
        copies = [s for s, pdfs in zip(subjects, with_pdfs) if code in s and pdfs]
        codes = [s for s, pdfs in zip(subjects, with_pdfs) if code in s and not pdfs]
        if len(copies) != 1 or len(codes) != 1:
            problems.append(f"filing {code}: {len(copies)} copies and {len(codes)} access-code messages received")
    register, submitted = register_problems(database, acknowledged)
    problems += register
    print(f"sink: {len(messages)} messages, {len(set(ids))} distinct Message-IDs, {len(keys)} jobs, "
          f"{submitted} submitted filings")
    for problem in problems[:40]:
        print("FAIL:", problem)
    if problems:
        server.dump_log()
        sys.exit(1)
    print("OK: every e-mail waited in the outbox and arrived once after SMTP came back")
finally:
    server.stop()
    if sink:
        sink.stdin.close()
        sink.terminate()
        sink.wait()
