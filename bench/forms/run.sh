#!/usr/bin/env bash
# Form engine benchmark: render a form page and save a page (validate + write the draft) with wrk,
# on SQLite and on PostgreSQL, at each concurrency in BENCH_CONNECTIONS.
# Usage: bench/forms/run.sh  (BENCH_DURATION=30s BENCH_CONNECTIONS="16 64")
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
DURATION="${BENCH_DURATION:-30s}"
CONNECTIONS="${BENCH_CONNECTIONS:-16 64}"
BIN="${BENCH_BIN:-$ROOT/.build/release/sportello}"
PY="${BENCH_PYTHON:-$ROOT/.venv/bin/python}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[[ -x "$BIN" ]] || swift build -c release --product sportello
[[ -x "$PY" ]] || PY=python3
RESULTS="$ROOT/bench/results/forms-$(date -u +%F).md"
mkdir -p "$(dirname "$RESULTS")"
TMP="$(mktemp -d)"
SERVER=""
cleanup() {
    [[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    stop_postgres
    rm -rf "$TMP"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
source "$ROOT/bench/lib/postgres.sh"

run_wrk() { # label connections url [lua]
    local out
    if [[ -n "${4:-}" ]]; then
        out="$(wrk -t2 -c"$2" -d"$DURATION" --latency -s "$4" "$3")"
    else
        out="$(wrk -t2 -c"$2" -d"$DURATION" --latency -H "Cookie: $COOKIE" "$3")"
    fi
    local rps p50 p99 non2xx
    rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
    p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
    p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
    non2xx="$(awk '/Non-2xx/ {print $5}' <<<"$out")"
    echo "| $DB | $1 | $2 | ${rps%.*} | $p50 | $p99 | ${non2xx:-0} |" | tee -a "$RESULTS"
}

bench_database() { # name url [filing cache seconds]
    DB="$1"
    local port
    port="$(free_port)"
    env ${3:+SPORTELLO_FILINGS_CACHE_SECONDS=$3} SPORTELLO_LOG_LEVEL=warning "$BIN" serve --demo --port "$port" --data-dir "$TMP/data-$1" ${2:+--database-url "$2"} >"$TMP/server-$1.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
    eval "$("$PY" bench/forms/prepare.py "http://127.0.0.1:$port")"
    export SPORTELLO_COOKIE="$COOKIE" SPORTELLO_BODY="$BODY"
    curl -sf -o /dev/null -H "Cookie: $COOKIE" "$PAGE_URL" || { echo "page not reachable"; exit 1; }
    wrk -t2 -c64 -d5s -H "Cookie: $COOKIE" "$PAGE_URL" >/dev/null
    local connections
    for connections in $CONNECTIONS; do
        run_wrk "render form page (GET)" "$connections" "$PAGE_URL"
        run_wrk "save page (POST: validate + write draft)" "$connections" "$PAGE_URL" bench/forms/save.lua
    done
    echo "| $DB | RSS after runs | | $(awk '/VmRSS/ {print $2/1024 " MiB"}' /proc/$SERVER/status) | | | |" | tee -a "$RESULTS"
    kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
}

{
    echo
    echo "## $(date -u '+%F %H:%M') UTC — form benchmark (\`bench/forms/run.sh\`)"
    echo
    echo "- commit \`$(git rev-parse --short HEAD)\`, release build, demo procedure \`pagamento-avviso\` page 1 (4 fields, a rule with mod-93 arithmetic), log level warning"
    echo "- \`wrk -t2 -c<connections> -d$DURATION --latency\`, wrk and server on the same 2-core machine"
    echo "- saves change the amount at every request, so each one is validated, evaluated and written afresh"
    echo
    echo "| database | request | connections | req/s | p50 | p99 | non-2xx/3xx |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
} | tee -a "$RESULTS"

bench_database sqlite ""

if have_postgres; then
    start_postgres
    bench_database postgres "postgres://postgres@127.0.0.1:$PG_PORT/sportello"
    # The same with the draft cache, as when the load balancer keeps each citizen on one instance.
    recreate_database
    bench_database "postgres, filings.cacheSeconds=600" "postgres://postgres@127.0.0.1:$PG_PORT/sportello" 600
fi
echo "results appended to $RESULTS"
