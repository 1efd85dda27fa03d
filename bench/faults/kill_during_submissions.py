"""Kills the server with SIGKILL in the middle of a submission storm, starts it again, and checks that
nothing acknowledged was lost: every confirmation answered with 303 → /esito is a submitted filing with a
protocol number, its stored PDF and its two emails queued; numbers run 1..N without gaps or duplicates; no
entry exists without its filing. Exits non-zero on any violation.

Usage: kill_during_submissions.py SPORTELLO_BINARY DATABASE_URL DATA_DIR [FILINGS] [KILL_AFTER_SECONDS]"""
import os
import re
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from common import free_port, query, register_problems

binary, database, data_dir = sys.argv[1], sys.argv[2], sys.argv[3]
filings = int(sys.argv[4]) if len(sys.argv) > 4 else 3000
kill_after = float(sys.argv[5]) if len(sys.argv) > 5 else 2.0
here = os.path.dirname(os.path.abspath(__file__))


def start(port):
    env = dict(os.environ, SPORTELLO_WORKER_IN_PROCESS="false", SPORTELLO_LOG_LEVEL="warning")
    log = open(os.path.join(data_dir, f"server-{port}.log"), "w")
    server = subprocess.Popen([binary, "serve", "--demo", "--port", str(port), "--data-dir", data_dir,
                               "--database-url", database], env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(300):
        try:
            if requests.get(f"http://127.0.0.1:{port}/health", timeout=1).ok:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise SystemExit("server did not start")


os.makedirs(data_dir, exist_ok=True)
port = free_port()
server = start(port)
base = f"http://127.0.0.1:{port}"
ids_file = os.path.join(data_dir, "ids")
prepared = subprocess.run([sys.executable, os.path.join(here, "..", "submissions", "prepare.py"), base, database,
                           str(filings), ids_file], check=True, capture_output=True, text=True).stdout
values = dict(re.findall(r"^(\w+)='([^']*)'$", prepared, re.M))
ids = open(ids_file).read().split()
acknowledged, lock = [], threading.Lock()


def confirm(filing):
    try:
        response = requests.post(f"{base}/pratiche/{filing}/conferma", data={"csrf_token": values["CSRF"]},
                                 headers={"Cookie": values["COOKIE"]}, allow_redirects=False, timeout=30)
        if response.status_code == 303 and response.headers.get("Location", "").endswith("/esito"):
            with lock:
                acknowledged.append(filing)
    except requests.RequestException:
        pass  # the server died: not acknowledged


def storm():
    with ThreadPoolExecutor(max_workers=32) as pool:
        list(pool.map(confirm, ids))


thread = threading.Thread(target=storm)
thread.start()
time.sleep(kill_after)
server.send_signal(signal.SIGKILL)
server.wait()
thread.join()
killed_at_ack = len(acknowledged)
print(f"acknowledged before the kill: {killed_at_ack} of {len(ids)}")

server = start(port)  # recovery, migrations and all, as after a crash
try:
    problems, count = register_problems(database, acknowledged)
    submitted = {row[0] for row in query(database, "SELECT lower(CAST(id AS TEXT)) FROM filings WHERE status <> 'draft'")}
    print(f"after restart: {count} submitted (≥ {killed_at_ack} acknowledged); register checks: "
          f"{'passed' if not problems else f'{len(problems)} problems'}")
    # The restarted server goes on numbering from where the register stopped.
    remaining = [i for i in ids if i.lower() not in submitted][:5]
    for filing in remaining:
        confirm(filing)
    after = sorted(int(n) for (n,) in query(database, "SELECT number FROM protocol_entries"))
    if after != list(range(1, len(after) + 1)):
        problems.append("numbering after the restart left a gap")
    for problem in problems:
        print("FAIL:", problem)
    if problems:
        sys.exit(1)
    print("OK: nothing acknowledged was lost, no gaps, no duplicates")
finally:
    server.terminate()
    server.wait()
