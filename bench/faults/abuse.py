"""Hostile and unlucky uploads while other citizens are served: the server must stay up and answer them promptly.

While a probe client renders a citizen's form page and the home page every 50 ms (each must answer 200 within
PROBE_LIMIT seconds), the script runs, one after the other:

- slow-loris clients: SLOW connections that send a request's headers one byte a second, and SLOW/4 that
  announce a 1 MB form post and trickle its body, held open during every step below;
- an attachment over its field's limit (11 MB for a 10 MB field): the page comes back with the message next to
  the field and the text typed in the same post kept; nothing saved before is lost;
- a post over the upload limit (61 MiB announced): refused with 413 before it is read;
- malformed multipart bodies (garbage after a boundary; a body cut before its closing boundary): 400 with the
  friendly page, no internal error text;
- a 100 MB body, announced and streamed without a length: refused with 413; the server's memory does not grow
  by the body's size;
- disk full: the data folder is a small tmpfs (mounted by this script; skipped with a message where mounting is
  not permitted) filled to the last byte, and the citizen posts a page with a file: a clean error page (503 or
  413/507 with a message, no internal text), the server keeps serving, what was saved before is intact; once
  space is freed the same post succeeds without restarting anything.

Exits non-zero on any violation.

Usage: abuse.py SPORTELLO_BINARY WORK_DIR [--slow 200] [--big-mb 100] [--tmpfs-mb 96]"""
import argparse
import os
import re
import socket
import subprocess
import sys
import threading
import time

import requests

from common import LEAKS, Citizen, Server, friendly_problem, unescape

parser = argparse.ArgumentParser()
parser.add_argument("binary")
parser.add_argument("work_dir")
parser.add_argument("--slow", type=int, default=200, help="slow-loris connections")
parser.add_argument("--big-mb", type=int, default=100, help="size of the oversized body")
parser.add_argument("--tmpfs-mb", type=int, default=96, help="size of the data folder's file system")
parser.add_argument("--probe-limit", type=float, default=2.0, help="seconds a probe request may take")
args = parser.parse_args()

work = os.path.abspath(args.work_dir)
data = os.path.join(work, "data")
os.makedirs(data, exist_ok=True)
mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={args.tmpfs_mb}m", "tmpfs", data],
                         capture_output=True, text=True)
disk_full = mounted.returncode == 0
if not disk_full:
    print(f"SKIP disk full: cannot mount a tmpfs on the data folder ({mounted.stderr.strip() or 'not permitted'})")
database = f"sqlite:{data}/sportello.sqlite"
server = Server(args.binary, database, data, env={"SPORTELLO_WORKER_IN_PROCESS": "false"})
server.log_path = os.path.join(work, f"server-{server.port}.log")  # never on the file system that fills up
problems = []
stop = threading.Event()


def pdf(size, title="Contratto"):
    head = b"%PDF-1.4\n%" + title.encode() + b"\n"
    return head + b"0" * max(0, size - len(head) - 6) + b"\n%%EOF"


try:
    server.start()
    citizen = Citizen(server.base, database, work, 2)
    draft, other = citizen.ids
    page_url = f"{server.base}/pratiche/{draft}/pagine/documentsPage"
    typed = {"csrf_token": citizen.csrf, "a.landlordName": "Anna Bianchi", "a.landlordFiscalCode": "VRDGNN60A01H501F",
             "a.paymentIban": "IT60 X054 2811 1010 0000 0123 456", "action": "next"}
    saved_before = citizen.session().get(page_url, timeout=30).text
    if "Giovanni Verdi" not in saved_before:
        raise SystemExit("the prepared draft does not show its saved landlord")

    # The probe: another citizen's page and the public home page, all along.
    probe_times, probe_failures = [], []

    def probe():
        session = citizen.session()
        urls = [f"{server.base}/pratiche/{other}/pagine/applicantPage", f"{server.base}/"]
        n = 0
        while not stop.is_set():
            url = urls[n % 2]
            n += 1
            began = time.monotonic()
            try:
                status = session.get(url, timeout=30).status_code
            except requests.RequestException as error:
                status = str(error)[:80]
            took = time.monotonic() - began
            probe_times.append(took)
            if status != 200 or took > args.probe_limit:
                probe_failures.append(f"{url.split('/', 3)[-1]}: {status} in {took:.2f} s")
            time.sleep(0.05)

    # Slow-loris: headers a byte a second, and posts whose announced body trickles in.
    slow_sockets = []

    def slow_clients():
        for n in range(args.slow):
            try:
                s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            except OSError as error:
                problems.append(f"slow client {n} could not connect: {error}")
                break
            if n % 4 == 3:
                s.sendall(b"POST /pratiche/" + draft.encode() + b"/pagine/documentsPage HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          b"Cookie: " + citizen.cookie.encode() + b"\r\nContent-Type: multipart/form-data; "
                          b"boundary=slow\r\nContent-Length: 1048576\r\n\r\n--slow\r\n")
            else:
                s.sendall(b"GET / HTTP/1.1\r\n")
            slow_sockets.append(s)
        while not stop.is_set():
            for s in list(slow_sockets):
                try:
                    s.send(b"X")
                except OSError:
                    slow_sockets.remove(s)  # the server closed it: also fine
            stop.wait(1.0)

    threads = [threading.Thread(target=probe, daemon=True), threading.Thread(target=slow_clients, daemon=True)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    print(f"{len(slow_sockets)} slow clients connected")

    def check_page(response, status, key, what):
        problem = friendly_problem(response, status, key)
        if problem:
            problems.append(f"{what}: {problem}")

    session = citizen.session()
    # 1. An attachment over its field's limit: the page again, message by the field, typed text kept.
    response = session.post(page_url, data=typed, files={"a.contractFile": ("grande.pdf", pdf(11 * 1024 * 1024))},
                            allow_redirects=False, timeout=60)
    body = unescape(response.text)
    if response.status_code not in (200, 422) or "form-field__error" not in body:
        problems.append(f"file over its field's limit: status {response.status_code}, no message by the field")
    if 'value="Anna Bianchi"' not in body:
        problems.append("file over its field's limit: the landlord name typed in the same post was not kept")
    if LEAKS.search(body):
        problems.append(f"file over its field's limit: internal text {LEAKS.search(body).group(0)!r}")
    print(f"file over its field's limit: {response.status_code}, message by the field, typed text kept")
    saved = unescape(citizen.session().get(page_url, timeout=30).text)
    saved_name = "Anna Bianchi" if 'value="Anna Bianchi"' in saved else "Giovanni Verdi"

    # 2. Over the upload limit, announced: refused before it is read.
    s = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    s.sendall(f"POST /pratiche/{draft}/pagine/documentsPage HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {citizen.cookie}\r\n"
              f"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {61 * 1024 * 1024}\r\n\r\n".encode())
    answer = s.recv(4096).decode(errors="replace")
    s.close()
    if not answer.startswith("HTTP/1.1 413"):
        problems.append(f"61 MiB upload announced: {answer[:60]!r}")
    print(f"61 MiB upload announced: {answer.splitlines()[0] if answer else 'no answer'}")

    # 3. Malformed multipart.
    for name, payload in [("garbage after the boundary", b"--b\r\n\x00\x01garbage without headers\r\n\r\n--b--"),
                          ("cut before the closing boundary",
                           b"--b\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" + citizen.csrf.encode()
                           + b"\r\n--b\r\nContent-Disposition: form-data; name=\"a.contractFile\"; filename=\"c.pdf\"\r\n"
                           b"Content-Type: application/pdf\r\n\r\n%PDF-1.4 cut")]:
        response = session.post(page_url, data=payload, headers={"Content-Type": "multipart/form-data; boundary=b"},
                                allow_redirects=False, timeout=30)
        problem = friendly_problem(response, 400, "error.upload.malformed")
        if problem and response.status_code == 403:
            problem = friendly_problem(response, 403, "error.csrf")
        if problem:
            problems.append(f"malformed multipart ({name}): {problem}")
        print(f"malformed multipart ({name}): {response.status_code}")

    # 4. A 100 MB body, announced and then without a length.
    rss_before = server.rss_mb()
    size = args.big_mb * 1024 * 1024
    for chunked in (False, True):
        s = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        head = (f"POST /pratiche/{draft}/pagine/documentsPage HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {citizen.cookie}\r\n"
                "Content-Type: multipart/form-data; boundary=big\r\n")
        head += "Transfer-Encoding: chunked\r\n\r\n" if chunked else f"Content-Length: {size}\r\n\r\n"
        s.sendall(head.encode())
        block = b"--big\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" + citizen.csrf.encode() + b"\r\n"
        block += b"--big\r\nContent-Disposition: form-data; name=\"a.contractFile\"; filename=\"big.pdf\"\r\n\r\n"
        sent, began = 0, time.monotonic()
        filler = b"A" * (1024 * 1024)
        try:
            while sent < size:
                piece = block if sent == 0 else filler
                s.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
                sent += len(piece)
        except OSError:
            pass  # the server answered and closed: expected
        s.settimeout(30)
        try:
            answer = s.recv(4096).decode(errors="replace")
        except OSError:
            answer = ""
        s.close()
        kind = "without a length" if chunked else "announced"
        print(f"{args.big_mb} MB body {kind}: {answer.splitlines()[0] if answer else 'closed'} after "
              f"{sent / 1048576:.0f} MB sent, {time.monotonic() - began:.1f} s")
        if not answer.startswith("HTTP/1.1 413"):
            problems.append(f"{args.big_mb} MB body {kind}: {answer[:80]!r}")
    growth = server.rss_mb() - rss_before
    print(f"server memory after the big bodies: {growth:+.0f} MB")
    if growth > args.big_mb / 2:
        problems.append(f"the server's memory grew by {growth:.0f} MB with the big bodies")

    # 5. Disk full.
    if disk_full:
        filler_path = os.path.join(data, "filler")
        fd = os.open(filler_path, os.O_WRONLY | os.O_CREAT, 0o600)
        for block in (1 << 20, 4096, 1):
            try:
                while True:
                    os.write(fd, b"\0" * block)
            except OSError:
                pass
        os.close(fd)
        print(f"data folder full: {os.statvfs(data).f_bavail * os.statvfs(data).f_frsize} bytes free")
        files = {"a.contractFile": ("contratto.pdf", pdf(2 * 1024 * 1024))}
        response = session.post(page_url, data=typed, files=files, allow_redirects=False, timeout=60)
        status = response.status_code
        key = {503: "error.unavailable", 507: "error.unavailable", 413: "error.upload.tooLarge"}.get(status)
        if key is None:
            problems.append(f"upload with the disk full: status {status}: {unescape(response.text)[:200]!r}")
        else:
            check_page(response, status, key, "upload with the disk full")
        print(f"upload with the disk full: {status}")
        time.sleep(1)
        os.remove(filler_path)
        kept = citizen.session().get(page_url, timeout=30)
        if kept.status_code != 200 or saved_name not in unescape(kept.text):
            problems.append(f"after the disk was full the saved answers are not shown ({kept.status_code})")
        integrity = subprocess.run(["python3", "-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1])"
                                    ".execute('PRAGMA integrity_check').fetchone()[0])", f"{data}/sportello.sqlite"],
                                   capture_output=True, text=True).stdout.strip()
        if integrity != "ok":
            problems.append(f"the SQLite database after the disk was full: {integrity}")
        response = session.post(page_url, data=typed, files=files, allow_redirects=False, timeout=60)
        if response.status_code != 303:
            errors = re.findall(r'form-field__error"[^>]*>([^<]*)', unescape(response.text))
            problems.append(f"the same post once space was freed: {response.status_code} {errors}")
        after = citizen.session().get(page_url, timeout=30).text
        if "Anna Bianchi" not in unescape(after):
            problems.append("the post made once space was freed did not save the typed answers")
        print(f"space freed: the same post answers {response.status_code}, database integrity {integrity}")

    stop.set()
    time.sleep(1.2)
    for s in slow_sockets:
        s.close()
    if not server.alive():
        problems.append("the server process died")
    times = sorted(probe_times)
    print(f"probe: {len(times)} requests, p50 {times[len(times) // 2] * 1000:.0f} ms, "
          f"p99 {times[int(len(times) * 0.99)] * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms, "
          f"{len(probe_failures)} failed or slower than {args.probe_limit} s")
    problems += [f"probe: {failure}" for failure in probe_failures[:10]]
    for problem in problems:
        print("FAIL:", problem)
    if problems:
        server.dump_log()
        sys.exit(1)
    print("OK: the server stayed up and answered the others promptly")
finally:
    stop.set()
    server.stop()
    if disk_full:
        subprocess.run(["umount", data])
