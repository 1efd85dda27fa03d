#!/usr/bin/env bash
# Back-office inbox benchmark: 100,000 submitted filings (cases) in the demo municipality, then with wrk the inbox
# page with filters (random pages, states, procedures, dates, overdue, unassigned) and the full-text search (names,
# fiscal codes, protocol numbers), p50/p99; then the streamed CSV export of every filing, its time and the server's
# memory before and after. On SQLite and on PostgreSQL.
# Usage: bench/inbox/run.sh  (BENCH_CASES=100000 BENCH_SECONDS=30 BENCH_CONNECTIONS=8)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
CASES="${BENCH_CASES:-100000}"
SECONDS_EACH="${BENCH_SECONDS:-30}"
CONNECTIONS="${BENCH_CONNECTIONS:-2 8}"
source "$ROOT/bench/lib/demo_server.sh"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
RESULTS="$ROOT/bench/results/inbox-$(date -u +%F).md"
mkdir -p "$(dirname "$RESULTS")"

latency() { # wrk output → "requests/s p50 p99"
    awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {print rps, p50, p99}'
}

bench_database() { # label database-url
    local label="$1" url="$2"
    start_demo_server "$url"
    local port="$PORT"
    local started=$SECONDS
    eval "$("$PY" bench/inbox/seed.py "$url" "$CASES")"
    echo "$label: $CASES cases seeded in $((SECONDS - started)) s" >&2
    eval "$("$PY" bench/inbox/signin.py "http://127.0.0.1:$port")"
    local year; year="$(date -u +%Y)"
    : >"$TMP/inbox.txt"
    for page in 1 2 3 5 10 50 200; do echo "/backoffice?page=$page" >>"$TMP/inbox.txt"; done
    for status in submitted inProgress supplementRequested accepted; do
        echo "/backoffice?status=$status" >>"$TMP/inbox.txt"; echo "/backoffice?status=$status&page=3" >>"$TMP/inbox.txt"
    done
    for code in $PROCEDURES; do echo "/backoffice?procedure=$code&sort=dueSoonest" >>"$TMP/inbox.txt"; done
    echo "/backoffice?overdue=1" >>"$TMP/inbox.txt"
    echo "/backoffice?assigned=none&sort=oldest" >>"$TMP/inbox.txt"
    echo "/backoffice?from=$year-03-01&to=$year-06-30" >>"$TMP/inbox.txt"
    echo "/backoffice?status=inProgress&overdue=1&sort=citizen" >>"$TMP/inbox.txt"
    : >"$TMP/search.txt"
    for word in rossi bianchi niccolo "de+luca" "d%27angelo" giulia "mario+rossi" RSSMAR BNCLRA "$year%2F0001234" 54321 zzzz; do
        echo "/backoffice?q=$word" >>"$TMP/search.txt"
    done
    local statistics
    statistics="$(for _ in $(seq 1 11); do
        curl -s -o /dev/null -w '%{time_total}\n' -H "Cookie: $COOKIE" "http://127.0.0.1:$port/backoffice/statistiche"
    done | sort -n | sed -n 6p)"
    for connections in $CONNECTIONS; do
        local inbox search
        inbox="$(SPORTELLO_COOKIE="$COOKIE" INBOX_PATHS="$TMP/inbox.txt" wrk -t2 -c"$connections" -d"${SECONDS_EACH}s" \
            --latency -s bench/inbox/paths.lua "http://127.0.0.1:$port" | latency)"
        search="$(SPORTELLO_COOKIE="$COOKIE" INBOX_PATHS="$TMP/search.txt" wrk -t2 -c"$connections" -d"${SECONDS_EACH}s" \
            --latency -s bench/inbox/paths.lua "http://127.0.0.1:$port" | latency)"
        read -r irps ip50 ip99 <<<"$inbox"
        read -r srps sp50 sp99 <<<"$search"
        echo "| $label | $connections | $irps | $ip50 | $ip99 | $srps | $sp50 | $sp99 |" >>"$RESULTS.rows"
    done
    local rss_before rss_after export
    rss_before="$(ps -o rss= -p "$SERVER" | tr -d ' ')"
    export="$(curl -s -o "$TMP/export.csv" -w '%{time_total} %{size_download}' -H "Cookie: $COOKIE" \
        "http://127.0.0.1:$port/backoffice/pratiche.csv")"
    rss_after="$(ps -o rss= -p "$SERVER" | tr -d ' ')"
    local rows; rows="$(($(wc -l <"$TMP/export.csv") - 1))"
    read -r etime esize <<<"$export"
    echo "| $label | $rows rows, $((esize / 1048576)) MB in ${etime} s | $((rss_before / 1024)) → $((rss_after / 1024)) MB | ${statistics} s |" >>"$RESULTS.other"
    stop_demo_server
}

rm -f "$RESULTS.rows" "$RESULTS.other"
bench_database SQLite "sqlite:$TMP/sportello.sqlite"
if have_postgres; then
    start_postgres
    bench_database PostgreSQL "postgres://postgres@127.0.0.1:$PG_PORT/sportello"
fi
{
    echo "# Back-office inbox — $(date -u +%F)"
    echo
    echo "\`bench/inbox/run.sh\`: $CASES cases, release build, ${SECONDS_EACH} s per scenario with wrk, $(nproc) cores."
    echo
    echo "| database | connections | inbox req/s | inbox p50 | inbox p99 | search req/s | search p50 | search p99 |"
    echo "|---|---|---|---|---|---|---|---|"
    cat "$RESULTS.rows"
    echo
    echo "| database | CSV export of every filing | server RSS before → after the export | statistics page (median of 11) |"
    echo "|---|---|---|---|"
    cat "$RESULTS.other"
} >"$RESULTS"
rm -f "$RESULTS.rows" "$RESULTS.other"
cat "$RESULTS"
