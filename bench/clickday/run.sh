#!/usr/bin/env bash
# Click day: BENCH_FILINGS different citizens file the rent contribution from sign-in to protocol number, on SQLite
# and on PostgreSQL, driven by locust (locustfile.py: 24 requests per citizen, no think time, BENCH_USERS at once).
#
# For each database: a fresh demo server (release, its outbox worker in process delivering both e-mails of every
# filing to the demo mailbox, a crowd of numbered residents for the test provider and the registry) → locust until
# BENCH_FILINGS filings are acknowledged → check.py: every acknowledged filing registered once with the number its
# citizen saw, numbers 1..N without gaps, copies stored, all e-mails delivered once the outbox drains.
# Measured: filings/s over the run and in its steady middle (80 % of filings), each kind of request's rate and
# p50/p99 (locust), the server's peak RSS (sampled every second), the CPU of server, PostgreSQL and locust per
# filing (/proc), and the time 100,000 citizens would take at the steady rate.
#
# Usage: bench/clickday/run.sh   (BENCH_FILINGS=10000 BENCH_USERS=32 BENCH_DATABASES="sqlite postgres"
#                                 BENCH_BIN=.build/release/sportello BENCH_RESULTS=bench/results/clickday-<date>.md
#                                 BENCH_RUN_TIME=3600s: locust's own bound, should a run never reach its count)
# scripts/test runs a reduced form (debug build, 40 citizens, both databases) so that the scenario and its checks
# keep working.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
FILINGS="${BENCH_FILINGS:-10000}"
USERS="${BENCH_USERS:-32}"
DATABASES="${BENCH_DATABASES:-sqlite postgres}"
HERE="$ROOT/bench/clickday"
source "$ROOT/bench/lib/demo_server.sh"
LOCUST="$(dirname "$PY")/locust"
[[ -x "$LOCUST" ]] || "$PY" -m pip install -q locust==2.47.0
RESULTS="${BENCH_RESULTS:-$ROOT/bench/results/clickday-$(date -u +%F).md}"
mkdir -p "$(dirname "$RESULTS")"

{
    echo
    echo "## $(date -u '+%F %H:%M') UTC — click day (\`bench/clickday/run.sh\`)"
    echo
    echo "- commit \`$(git rev-parse --short HEAD)\`, build \`${BIN#$ROOT/}\`, demo procedure \`contributo-affitto\`, $FILINGS different citizens, $USERS locust users without think time, locust and server on the same 2-core machine"
    echo "- each citizen: service page, sign-in through the test provider (4 requests, RSA-signed id token), start, consent, 6 pages shown and saved (one with a 3 kB PDF), summary, confirm, confirmation page: 24 requests"
    echo "- outbox worker in the server process, delivering both e-mails (with the PDF/A copy and receipt) to the demo mailbox during the run"
    echo
} | tee -a "$RESULTS"

run_database() { # label database-url
    local label="$1" url="$2"
    PORT="$(free_port)"
    rm -rf "$TMP/data"
    SPORTELLO_LOG_LEVEL=warning SPORTELLO_TEST_PROVIDER_SYNTHETIC_CITIZENS=$((FILINGS + 1000)) \
        "$BIN" serve --demo --port "$PORT" --data-dir "$TMP/data" --database-url "$url" >"$TMP/server.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
    rm -f "$TMP/filed.log"
    (cd "$HERE" && CLICKDAY_FILINGS="$FILINGS" CLICKDAY_LOG="$TMP/filed.log" exec "$LOCUST" -f locustfile.py --headless \
        -u "$USERS" -r "$USERS" -H "http://127.0.0.1:$PORT" --run-time "${BENCH_RUN_TIME:-3600s}" --csv "$TMP/locust" --only-summary \
        >"$TMP/locust.out" 2>&1) &
    local locust=$!
    local labels=("server=$SERVER" "locust=$locust")
    [[ -n "$PG_DATA" ]] && labels+=("postgres=$(head -1 "$PG_DATA/postmaster.pid")")
    "$PY" "$HERE/sample.py" "$TMP/samples" "${labels[@]}" &
    wait "$locust" || true
    local checked status=0
    checked="$("$PY" "$HERE/check.py" "$url" "$TMP/filed.log" 300)" || status=$?
    eval "$checked"
    if [[ "${acknowledged:-0}" != "$FILINGS" ]]; then
        echo "only ${acknowledged:-0} of $FILINGS filings were acknowledged (locust: $TMP/locust.out)" >&2
        tail -30 "$TMP/locust.out" >&2
        status=1
    fi
    eval "$("$PY" "$HERE/sample.py" report "$TMP/samples" "$steady_from" "$steady_to" "$steady_count")"
    local failures
    failures="$(awk -F, 'NR>1 && $2=="Aggregated" {print $4}' "$TMP/locust_stats.csv")"
    echo "### $label" | tee -a "$RESULTS"
    echo | tee -a "$RESULTS"
    echo "- $acknowledged filings acknowledged in ${elapsed} s (first to last confirmation): **$(python3 -c "print(round($acknowledged / max($elapsed, 1e-9), 1))") filings/s**; steady middle (80 % of filings) **$steady filings/s**; failed requests: $failures" | tee -a "$RESULTS"
    echo "- 100,000 citizens at the steady rate: **$(python3 -c "s=100000/max($steady,1e-9); print(f'{s/60:.1f} min')")**" | tee -a "$RESULTS"
    echo "- checks: $submitted submitted, numbers 1..$submitted without gaps, $delivered e-mails delivered; $([[ $status == 0 ]] && echo passed || echo "**FAILED** (see above)")" | tee -a "$RESULTS"
    echo "- server RSS peak: $rss MiB; CPU per filing in the steady middle (share of one core): $cpu" | tee -a "$RESULTS"
    "$PY" - "$TMP/locust_stats.csv" <<'PYEOF' | tee -a "$RESULTS"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print()
print("| request | count | req/s | p50 ms | p99 ms | failures |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for row in rows:
    print(f"| {row['Name']} | {row['Request Count']} | {float(row['Requests/s']):.0f} | {row['50%']} | {row['99%']} | {row['Failure Count']} |")
print()
PYEOF
    kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
    [[ $status == 0 ]] || { tail -30 "$TMP/server.log"; exit 1; }
}

for database in $DATABASES; do
    case "$database" in
        sqlite) run_database "SQLite" "sqlite:$TMP/data/sportello.sqlite" ;;
        postgres)
            have_postgres || { apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; }
            [[ -n "$PG_DATA" ]] || start_postgres
            recreate_database
            run_database "PostgreSQL" "postgres://postgres@127.0.0.1:$PG_PORT/sportello"
            ;;
    esac
done
echo "results appended to $RESULTS"
