#!/usr/bin/env bash
# Fault scripts, full form: kill -9 during a submission storm (SQLite and PostgreSQL), PostgreSQL restarted under
# load, SMTP down for minutes, disk full / oversized and malformed uploads / slow clients. Each asserts and exits
# non-zero on a violation. Usage: bench/faults/run.sh  (BENCH_FILINGS=3000 BENCH_KILL_AFTER=2
# BENCH_SMTP_DOWN=180 BENCH_PG_OUTAGE=10 BENCH_SLOW=1000 BENCH_BIN=...)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
BIN="${BENCH_BIN:-$ROOT/.build/release/sportello}"
PY="${BENCH_PYTHON:-$ROOT/.venv/bin/python}"
FILINGS="${BENCH_FILINGS:-3000}"
KILL_AFTER="${BENCH_KILL_AFTER:-2}"
SMTP_DOWN="${BENCH_SMTP_DOWN:-180}"
PG_OUTAGE="${BENCH_PG_OUTAGE:-10}"
SLOW="${BENCH_SLOW:-1000}"
[[ -x "$BIN" ]] || swift build -c release --product sportello
TMP="$(mktemp -d)"
chmod 755 "$TMP"
trap 'stop_postgres; rm -rf "$TMP"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
source "$ROOT/bench/lib/postgres.sh"

echo "== SQLite"
"$PY" bench/faults/kill_during_submissions.py "$BIN" "sqlite:$TMP/sqlite/sportello.sqlite" "$TMP/sqlite" "$FILINGS" "$KILL_AFTER"
if have_postgres; then
    echo "== PostgreSQL"
    start_postgres
    "$PY" bench/faults/kill_during_submissions.py "$BIN" "postgres://postgres@127.0.0.1:$PG_PORT/sportello" "$TMP/pg" \
        "$FILINGS" "$KILL_AFTER"
fi

echo "== PostgreSQL restarted under load (own cluster)"
"$PY" bench/faults/postgres_restart.py "$BIN" "$TMP/pg-restart" --clients 16 --drafts 3000 --before 10 \
    --outage "$PG_OUTAGE" --recovery 20 --after 10
echo "== SMTP down for $SMTP_DOWN s"
"$PY" bench/faults/smtp_outage.py "$BIN" "sqlite:$TMP/smtp/data/sportello.sqlite" "$TMP/smtp" 500 "$SMTP_DOWN"
echo "== Disk full, oversized and malformed uploads, slow clients"
"$PY" bench/faults/abuse.py "$BIN" "$TMP/abuse" --slow "$SLOW" --big-mb 100
