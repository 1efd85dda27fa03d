"""Restarts PostgreSQL under a running server while citizens render and save form pages and confirm filings,
and checks that the server copes on its own:

- every request either succeeds (possibly after waiting for the database) or fails cleanly: 503 with the
  friendly, localized page (no driver error names, no stack traces), within a bounded time; never a 500, a
  dropped connection or a request left without an answer; /ready never answers 200 while the database is down
  (503, or no answer within a probe's timeout) and answers 200 after;
- the same server process (never restarted) serves every kind of request again within RECOVERY seconds of the
  database being back;
- every confirmation acknowledged with 303 → /esito is a submitted filing with one protocol number, numbers
  run 1..N without gaps or duplicates, each submitted filing has one stored copy and two e-mails queued, and
  the outbox worker (in the server) delivers them all after the outage;
- a confirmation that failed during the outage succeeds when the citizen tries again.

The script runs its own throwaway PostgreSQL cluster (Debian's binaries, run as the postgres user when started
by root), so the restart never touches anybody else's database. Exits non-zero on any violation.

Usage: postgres_restart.py SPORTELLO_BINARY WORK_DIR [--clients 8] [--drafts 400] [--before 4] [--outage 3]
       [--modes fast,immediate] [--recovery 15] [--after 8]"""
import argparse
import glob
import os
import random
import shutil
import subprocess
import sys
import threading
import time

import requests

from common import Citizen, Server, free_port, friendly_problem, query, register_problems

parser = argparse.ArgumentParser()
parser.add_argument("binary")
parser.add_argument("work_dir")
parser.add_argument("--clients", type=int, default=8)
parser.add_argument("--drafts", type=int, default=400, help="complete drafts prepared for confirmation")
parser.add_argument("--before", type=float, default=4, help="seconds of normal load before each stop")
parser.add_argument("--outage", type=float, default=3, help="seconds the database stays down")
parser.add_argument("--modes", default="fast,immediate", help="pg_ctl stop modes, one restart each")
parser.add_argument("--recovery", type=float, default=15, help="seconds allowed to serve again after the restart")
parser.add_argument("--after", type=float, default=8, help="seconds of load after the last recovery bound")
parser.add_argument("--failure-latency", type=float, default=15, help="seconds a failing request may take")
parser.add_argument("--ready-latency", type=float, default=1.5, help="the readiness probe's timeout")
args = parser.parse_args()


def postgres_bin():
    if os.environ.get("PG_BIN"):
        return os.environ["PG_BIN"]
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    if found:
        return os.path.dirname(found[-1])
    pg_ctl = shutil.which("pg_ctl")
    return os.path.dirname(os.path.realpath(pg_ctl)) if pg_ctl else None


PG_BIN = postgres_bin()
if PG_BIN is None:
    print("SKIP: no PostgreSQL server binaries (pg_ctl) on this machine")
    sys.exit(0)
as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
work = os.path.abspath(args.work_dir)
os.makedirs(work, exist_ok=True)
cluster = os.path.join(work, "pg")
pg_port = free_port()
if as_postgres:
    os.chmod(work, 0o755)
    os.makedirs(cluster, exist_ok=True)
    shutil.chown(cluster, "postgres")


def pg_ctl(*arguments):
    subprocess.run(as_postgres + [f"{PG_BIN}/pg_ctl", "-D", cluster, "-l", os.path.join(cluster, "postgres.log"),
                                  "-w", "-t", "60", *arguments], check=True, stdout=subprocess.DEVNULL, cwd="/")


subprocess.run(as_postgres + [f"{PG_BIN}/initdb", "-D", cluster, "-U", "postgres", "-A", "trust", "--no-sync"],
               check=True, stdout=subprocess.DEVNULL, cwd="/")
options = (f"-c listen_addresses=127.0.0.1 -p {pg_port} -c unix_socket_directories={cluster} "
           "-c max_connections=200 -c fsync=off -c full_page_writes=off")
pg_ctl("-o", options, "start")
database = f"postgres://postgres@127.0.0.1:{pg_port}/sportello"
server = None
stop = threading.Event()
try:
    subprocess.run(as_postgres + [f"{PG_BIN}/createdb", "-h", "127.0.0.1", "-p", str(pg_port), "-U", "postgres",
                                  "sportello"], check=True, cwd="/")
    server = Server(args.binary, database, os.path.join(work, "data")).start()
    citizen = Citizen(server.base, database, work, args.drafts + args.clients)
    editable = citizen.ids[:args.clients]  # drafts whose pages are rendered and saved, never confirmed
    to_confirm = iter(citizen.ids[args.clients:])
    take_lock = threading.Lock()
    results, results_lock = [], threading.Lock()
    start = time.monotonic()

    def classify(op, response):
        """ok, clean (a friendly 503), or a problem."""
        if op == "render" and response.status_code == 200 and 'name="a.applicantPhone"' in response.text:
            return "ok", None
        if op == "save" and response.status_code == 303 and "/pagine/" in response.headers.get("Location", ""):
            return "ok", None
        if op == "confirm" and response.status_code == 303 and response.headers.get("Location", "").endswith("/esito"):
            return "ok", None
        if response.status_code == 503:
            problem = friendly_problem(response, 503, "error.unavailable")
            return ("clean", None) if problem is None else ("bad", problem)
        return "bad", f"status {response.status_code} {response.headers.get('Location', '')} {response.text[:200]!r}"

    def client(number):
        session = citizen.session()
        draft = editable[number]
        ops = ["render", "save", "confirm"]
        step = number
        while not stop.is_set():
            op = ops[step % 3]
            step += 1
            filing = None
            if op == "confirm":
                with take_lock:
                    filing = next(to_confirm, None)
                if filing is None:
                    continue  # every draft is confirmed: renders and saves go on
            began = time.monotonic()
            try:
                if op == "render":
                    response = session.get(f"{server.base}/pratiche/{draft}/pagine/applicantPage", timeout=2 * args.failure_latency)
                elif op == "save":
                    response = session.post(
                        f"{server.base}/pratiche/{draft}/pagine/applicantPage", allow_redirects=False, timeout=2 * args.failure_latency,
                        data={"csrf_token": citizen.csrf, "a.applicantPhone": f"333 {random.randrange(10**7):07d}",
                              "action": "next"})
                else:
                    response = session.post(f"{server.base}/pratiche/{filing}/conferma", allow_redirects=False,
                                            timeout=2 * args.failure_latency, data={"csrf_token": citizen.csrf})
                kind, problem = classify(op, response)
                status = response.status_code
            except requests.RequestException as error:
                kind, problem, status = "bad", f"no answer: {error}", None
            with results_lock:
                results.append((began - start, time.monotonic() - start, op, status, kind, problem, filing))

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(args.clients)]
    for thread in threads:
        thread.start()

    problems = []
    rounds = []

    def probe_ready(mode):
        """A load balancer's readiness check during the outage (with a probe's timeout): never 200."""
        began = time.monotonic()
        try:
            status = requests.get(f"{server.base}/ready", timeout=args.ready_latency).status_code
        except requests.RequestException:
            status = "no answer"
        took = time.monotonic() - began
        print(f"{mode} stop: /ready answered {status} in {took:.2f} s with the database down")
        if status == 200:
            problems.append(f"{mode} stop: /ready answered {status} after {took:.1f} s with the database down")
    for mode in args.modes.split(","):
        time.sleep(args.before)
        down = time.monotonic() - start
        pg_ctl("-m", mode, "stop")
        time.sleep(min(1.0, args.outage))
        probe = threading.Thread(target=probe_ready, args=(mode,), daemon=True)
        probe.start()
        time.sleep(max(0.0, args.outage - 1.0))
        pg_ctl("-o", options, "start")
        probe.join()
        up = time.monotonic() - start
        rounds.append((mode, down, up))
        print(f"{mode} stop at {down:.1f} s, database back at {up:.1f} s")
        time.sleep(args.recovery)
    time.sleep(args.after)
    stop.set()
    for thread in threads:
        thread.join()
    end = time.monotonic() - start
    if not server.alive():
        problems.append("the server process died")
    ready = requests.get(f"{server.base}/ready", timeout=10)
    if ready.status_code != 200:
        problems.append(f"/ready answers {ready.status_code} after the restarts")

    for began, ended, op, status, kind, problem, filing in results:
        if kind == "bad":
            problems.append(f"{op} at {began:.1f}–{ended:.1f} s: {problem}")
        elif kind == "clean" and ended - began > args.failure_latency:
            problems.append(f"{op} at {began:.1f} s took {ended - began:.1f} s to fail")
    for index, (mode, down, up) in enumerate(rounds):
        until = rounds[index + 1][1] if index + 1 < len(rounds) else end
        window = [r for r in results if down <= r[1] and r[0] < until]
        failed = [r for r in window if r[4] != "ok"]
        if not any(r[4] == "clean" or r[1] - r[0] > 1.0 for r in window if r[0] < up):
            problems.append(f"{mode} stop: no request saw the outage (none answered 503 or waited for the database)")
        last_failure = max((r[1] for r in failed), default=up)
        recovered = max(0.0, last_failure - up)
        kinds = {op: sum(1 for r in window if r[2] == op and r[4] == "ok" and r[0] > last_failure)
                 for op in ("render", "save", "confirm")}
        print(f"{mode} stop: {len(window)} requests from the stop to the next one, {len(failed)} failed (503 or no answer) "
              f"(slowest {max((r[1] - r[0] for r in failed), default=0):.2f} s), slowest request "
              f"{max((r[1] - r[0] for r in window), default=0):.2f} s; every request succeeds "
              f"{recovered:.1f} s after the database is back; then {kinds}")
        if recovered > args.recovery:
            problems.append(f"{mode} stop: requests still failed {recovered:.1f} s after the database was back")
        for op, count in kinds.items():
            if op != "confirm" and count == 0:
                problems.append(f"{mode} stop: no {op} succeeded after recovery")

    acknowledged = [r[6] for r in results if r[2] == "confirm" and r[4] == "ok"]
    refused = [r[6] for r in results if r[2] == "confirm" and r[4] != "ok"]
    counts = {kind: sum(1 for r in results if r[4] == kind) for kind in ("ok", "clean", "bad")}
    print(f"{len(results)} requests in {end:.1f} s: {counts}; {len(acknowledged)} confirmations acknowledged, "
          f"{len(refused)} not acknowledged")

    # The citizens whose confirmation failed try again: each gets its outcome page now.
    session = citizen.session()
    for filing in refused:
        try:
            response = session.post(f"{server.base}/pratiche/{filing}/conferma", allow_redirects=False,
                                    timeout=args.failure_latency, data={"csrf_token": citizen.csrf})
        except requests.RequestException as error:
            problems.append(f"retried confirmation of {filing}: no answer ({error}); the others are not tried")
            break
        if response.status_code == 303 and response.headers.get("Location", "").endswith("/esito"):
            acknowledged.append(filing)
        else:
            problems.append(f"retried confirmation of {filing}: status {response.status_code}")

    # The in-process outbox worker recovers too: every queued e-mail is delivered (to the demo's mailbox).
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        pending = int(query(database, "SELECT count(*) FROM outbox_jobs WHERE state <> 'delivered' AND kind LIKE 'email.%'")[0][0])
        if pending == 0:
            break
        time.sleep(1)
    else:
        problems.append(f"{pending} outbox jobs still undelivered 60 s after the load")

    register, submitted = register_problems(database, acknowledged)
    problems += register
    print(f"register: {submitted} submitted filings, numbers 1..{submitted} checked, outbox drained")
    for problem in problems[:40]:
        print("FAIL:", problem)
    if len(problems) > 40:
        print(f"FAIL: … and {len(problems) - 40} more")
    if problems:
        server.dump_log()
        sys.exit(1)
    print("OK: clean 503s during the outages, recovery without a restart, nothing acknowledged lost, no gaps")
finally:
    stop.set()
    if server:
        server.stop()
    subprocess.run(as_postgres + [f"{PG_BIN}/pg_ctl", "-D", cluster, "-m", "immediate", "stop"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/")
