#!/usr/bin/env bash
# Payments in bulk, on SQLite and PostgreSQL, release build:
# 1. an office uploads a CSV of BENCH_POSITIONS fines (default 10,000) to /backoffice/pagamenti; the time is the whole
#    upload (multipart read, IUVs reserved, file parsed and checked, positions published and stored with their
#    notice numbers);
# 2. all but 10 are paid through the receipts endpoint (POST /pagopa/paSendRT, 4 clients, as the node would);
# 3. the office uploads the day's reconciliation flow (every payment, plus 10 with a wrong amount, the 10 unpaid and
#    10 unknown IUVs) to /backoffice/pagamenti/riconciliazione; the time is the whole upload (XML read and checked,
#    receipts of the days around loaded, every line matched, the report page written), and the totals are checked.
# Usage: bench/payments/run.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
POSITIONS="${BENCH_POSITIONS:-10000}"
source "$ROOT/bench/lib/demo_server.sh"
RESULTS="$ROOT/bench/results/payments-$(date -u +%F).md"
"$PY" bench/payments/make_csv.py "$POSITIONS" "$TMP/positions.csv"

export SPORTELLO_PAGOPA_NODE_KEY=bench-node-key
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

    local expected
    expected="$("$PY" bench/payments/receipts.py "http://127.0.0.1:$port" bench-node-key "$TMP/positions.csv" "$TMP/flow.xml" | tail -1)"
    csrf="$(curl -s -H "Cookie: $COOKIE" "http://127.0.0.1:$port/backoffice/pagamenti/riconciliazione" |
        sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -1)"
    result="$(curl -s -o "$TMP/report.html" -w '%{http_code} %{time_total}' -H "Cookie: $COOKIE" \
        -F "csrf_token=$csrf" -F "format=page" -F "flow=@$TMP/flow.xml;type=application/xml" \
        "http://127.0.0.1:$port/backoffice/pagamenti/riconciliazione")"
    read -r status seconds <<<"$result"
    local totals
    totals="$("$PY" bench/payments/check_report.py "$TMP/report.html" "$expected")"
    echo "| $label | $POSITIONS | $status | ${seconds} s | $totals |" >>"$RESULTS.flow"
    stop_demo_server
}

rm -f "$RESULTS.rows" "$RESULTS.flow"
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
    echo
    echo "Reconciliation: the day's flow for the same positions, all but 10 paid through \`POST /pagopa/paSendRT\`."
    echo
    echo "| database | positions | HTTP status | time | report (checked against the known mismatches) |"
    echo "|---|---|---|---|---|"
    cat "$RESULTS.flow"
} >"$RESULTS"
rm -f "$RESULTS.rows" "$RESULTS.flow"
cat "$RESULTS"
