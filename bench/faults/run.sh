#!/usr/bin/env bash
# Fault scripts: kill -9 during a submission storm, on SQLite and on PostgreSQL; each asserts and exits non-zero
# on a violation. Usage: bench/faults/run.sh  (BENCH_FILINGS=3000 BENCH_KILL_AFTER=2 BENCH_BIN=...)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
BIN="${BENCH_BIN:-$ROOT/.build/release/sportello}"
PY="${BENCH_PYTHON:-$ROOT/.venv/bin/python}"
FILINGS="${BENCH_FILINGS:-3000}"
KILL_AFTER="${BENCH_KILL_AFTER:-2}"
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
