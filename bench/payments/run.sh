#!/usr/bin/env bash
# Bulk creation of payments due: an office uploads a CSV of BENCH_POSITIONS fines (default 10,000) to
# /backoffice/pagamenti; the time is the whole upload (multipart read, IUVs reserved, file parsed and checked,
# positions published and stored with their notice numbers), on SQLite and PostgreSQL, release build.
# Usage: bench/payments/run.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
POSITIONS="${BENCH_POSITIONS:-10000}"
source "$ROOT/bench/lib/demo_server.sh"
RESULTS="$ROOT/bench/results/payments-$(date -u +%F).md"
"$PY" bench/payments/make_csv.py "$POSITIONS" "$TMP/positions.csv"

bench_database() { # label database-url
    local label="$1" url="$2"
    start_demo_server "$url"
    local port="$PORT"
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
    stop_demo_server
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
