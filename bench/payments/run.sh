#!/usr/bin/env bash
# Bulk creation of payments due: an office uploads a CSV of BENCH_POSITIONS fines (default 10,000) to
# /backoffice/pagamenti; the time is the whole upload (multipart read, IUVs reserved, file parsed and checked,
# positions published and stored with their notice numbers), on SQLite and PostgreSQL, release build.
# Usage: bench/payments/run.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
POSITIONS="${BENCH_POSITIONS:-10000}"
BIN="${BENCH_BIN:-$ROOT/.build/release/sportello}"
PY="${BENCH_PYTHON:-$ROOT/.venv/bin/python}"
[[ -x "$BIN" ]] || swift build -c release --product sportello
[[ -x "$PY" ]] || PY=python3
RESULTS="$ROOT/bench/results/payments-$(date -u +%F).md"
TMP="$(mktemp -d)"
chmod 755 "$TMP"
SERVER=""
cleanup() {
    [[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    stop_postgres
    rm -rf "$TMP"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
source "$ROOT/bench/lib/postgres.sh"
"$PY" bench/payments/make_csv.py "$POSITIONS" "$TMP/positions.csv"

bench_database() { # label database-url
    local label="$1" url="$2" port
    port="$(free_port)"
    rm -rf "$TMP/data"
    SPORTELLO_WORKER_IN_PROCESS=false SPORTELLO_LOG_LEVEL=warning \
        "$BIN" serve --demo --port "$port" --data-dir "$TMP/data" --database-url "$url" >"$TMP/server.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
    eval "$("$PY" bench/inbox/signin.py "http://127.0.0.1:$port")"
    local csrf
    csrf="$(curl -s -H "Cookie: $COOKIE" "http://127.0.0.1:$port/backoffice/pagamenti" |
        sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -1)"
    local result
    result="$(curl -s -o "$TMP/result.html" -w '%{http_code} %{time_total}' -H "Cookie: $COOKIE" \
        -F "csrf_token=$csrf" -F "file=@$TMP/positions.csv;type=text/csv" "http://127.0.0.1:$port/backoffice/pagamenti")"
    local summary
    summary="$(grep -o '[0-9]* righe lette: [^<]*' "$TMP/result.html" | head -1)"
    read -r status seconds <<<"$result"
    echo "| $label | $POSITIONS | $status | ${seconds} s | $summary |" >>"$RESULTS.rows"
    kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
}

rm -f "$RESULTS.rows"
bench_database SQLite "sqlite:$TMP/sportello.sqlite"
if have_postgres; then
    start_postgres
    bench_database PostgreSQL "postgres://postgres@127.0.0.1:$PG_PORT/sportello"
fi
{
    echo "# Payments due from CSV — $(date -u +%F)"
    echo
    echo "\`bench/payments/run.sh\` (release build, $(nproc) cores): one upload of a CSV with $POSITIONS fines."
    echo
    echo "| database | lines | HTTP status | time | result |"
    echo "|---|---|---|---|---|"
    cat "$RESULTS.rows"
} >"$RESULTS"
rm -f "$RESULTS.rows"
cat "$RESULTS"
