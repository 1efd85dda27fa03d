"""Shared by the fault scripts: a demo server started and stopped on a free port, SQL against its database,
a signed-in citizen with prepared drafts (bench/submissions/prepare.py), the checks that an error page is the
friendly one, and the protocol register's invariants."""
import json
import os
import re
import socket
import subprocess
import sys
import time

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
LOCALIZATION = os.path.join(ROOT, "Sources", "SportelloWeb", "Resources", "Localization")

# Text that must never reach a citizen: driver and runtime error names, Swift source locations, stack traces.
LEAKS = re.compile(
    r"PSQLError|PostgresError|PostgresNIO|SQLiteError|NIOConnectionError|ChannelError|ConnectionPool|IOError|"
    r"FileSystemError|errno|Fatal error|Traceback|stack trace|backtrace|\.swift:\d+|sqlstate|"
    r"connection refused|server closed the connection|ECONNREFUSED|ENOSPC|Internal Server Error", re.I)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def messages(key):
    """The texts of a localization key in every language (the page shows one of them)."""
    texts = []
    for name in sorted(os.listdir(LOCALIZATION)):
        if name.endswith(".json"):
            with open(os.path.join(LOCALIZATION, name), encoding="utf-8") as f:
                value = json.load(f).get(key)
            if value:
                texts.append(value)
    if not texts:
        raise SystemExit(f"localization key {key} not found")
    return texts


def unescape(text):
    return (text.replace("&#39;", "'").replace("&apos;", "'").replace("&quot;", '"').replace("&lt;", "<")
            .replace("&gt;", ">").replace("&amp;", "&"))


def friendly_problem(response, status, key):
    """None when the response is the friendly error page of `status` with the message of `key`; else what is wrong."""
    if response.status_code != status:
        return f"status {response.status_code}, expected {status}"
    body = unescape(response.text)
    if "text/html" not in response.headers.get("Content-Type", ""):
        return f"not an HTML page: {response.headers.get('Content-Type')!r}: {body[:200]!r}"
    if not any(text in body for text in messages(key)):
        return f"the page lacks the message of {key}: {body[:300]!r}"
    leak = LEAKS.search(body)
    if leak:
        return f"the page shows internal error text {leak.group(0)!r}"
    return None


class Server:
    """`sportello serve --demo` on a free port; output in DATA_DIR/server-PORT.log."""

    def __init__(self, binary, database, data_dir, env=None, port=None):
        self.binary, self.database, self.data_dir = binary, database, data_dir
        self.env = {**os.environ, "SPORTELLO_LOG_LEVEL": os.environ.get("FAULTS_SERVER_LOG_LEVEL", "warning"), **(env or {})}
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.log_path = os.path.join(data_dir, f"server-{self.port}.log")

    def start(self, timeout=60):
        os.makedirs(self.data_dir, exist_ok=True)
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--demo", "--hostname", "127.0.0.1", "--port", str(self.port), "--data-dir",
             self.data_dir, "--database-url", self.database], env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.dump_log()
                raise SystemExit(f"the server exited with status {self.process.returncode} at start")
            try:
                if requests.get(f"{self.base}/health", timeout=1).ok:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.dump_log()
        raise SystemExit("the server did not answer /health")

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def rss_mb(self):
        with open(f"/proc/{self.process.pid}/status") as f:
            return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) / 1024

    def stop(self):
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def dump_log(self, lines=60):
        try:
            with open(self.log_path, errors="replace") as f:
                tail = f.readlines()[-lines:]
        except OSError:
            return
        print(f"---- last {len(tail)} lines of {self.log_path} ----", file=sys.stderr)
        sys.stderr.writelines(tail)
        print("---- end of server log ----", file=sys.stderr)


def query(database, sql):
    if database.startswith("sqlite:"):
        import sqlite3
        db = sqlite3.connect(database[len("sqlite:"):], timeout=60)
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()
    out = subprocess.run(["psql", "-qtA", "-F", "\t", database, "-c", sql], check=True, capture_output=True,
                         text=True).stdout
    return [tuple(line.split("\t")) for line in out.splitlines() if line]


class Citizen:
    """Mario, signed in through the test provider, with COUNT complete drafts of the rent contribution (copies
    of one filled over HTTP) ready to be confirmed."""

    def __init__(self, base, database, work_dir, count):
        ids_file = os.path.join(work_dir, f"ids-{time.monotonic_ns()}")
        out = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "submissions", "prepare.py"), base, database,
                              str(count), ids_file], check=True, capture_output=True, text=True).stdout
        values = dict(re.findall(r"^(\w+)='([^']*)'$", out, re.M))
        self.base = base
        self.cookie, self.csrf, self.filing = values["COOKIE"], values["CSRF"], values["FILING"]
        with open(ids_file) as f:
            self.ids = f.read().split()

    @property
    def headers(self):
        return {"Cookie": self.cookie}

    def session(self):
        s = requests.Session()
        s.headers.update(self.headers)
        return s


def register_problems(database, acknowledged):
    """What is wrong with the register: an acknowledged filing without its number, gaps or duplicates, entries,
    stored copies or queued e-mails that do not match the submitted filings."""
    problems = []
    rows = query(database, "SELECT lower(CAST(id AS TEXT)), status, protocol_number FROM filings "
                           "WHERE status <> 'draft'")
    submitted = {row[0]: row for row in rows}
    for filing in acknowledged:
        row = submitted.get(filing.lower())
        if row is None or row[1] != "submitted" or row[2] in (None, ""):
            problems.append(f"acknowledged filing {filing} is not submitted with a number: {row}")
    numbers = sorted(int(n) for (n,) in query(database, "SELECT number FROM protocol_entries"))
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(f"protocol numbers are not 1..{len(numbers)} without gaps or duplicates")
    if len(numbers) != len(submitted):
        problems.append(f"{len(numbers)} protocol entries for {len(submitted)} submitted filings")
    documents = int(query(database, "SELECT count(*) FROM filing_documents WHERE kind = 'filing'")[0][0])
    if documents != len(submitted):
        problems.append(f"{documents} stored copies for {len(submitted)} submitted filings")
    jobs = int(query(database, "SELECT count(*) FROM outbox_jobs WHERE kind LIKE 'email.%'")[0][0])
    if jobs != 2 * len(submitted):
        problems.append(f"{jobs} queued e-mails for {len(submitted)} submitted filings (2 each)")
    return problems, len(submitted)
