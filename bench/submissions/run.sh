#!/usr/bin/env bash
# Submission benchmark: confirmed submissions per second (confirm → protocol number → stamped PDF/A copy
# stored → access code and two emails queued in the outbox, in one durable act) with wrk, on SQLite and on
# PostgreSQL. Every request confirms a filing of its own: one complete rent contribution is filled over HTTP
# and copied BENCH_FILINGS times in the database beforehand. The outbox worker is off (worker.inProcess=false)
# so delivery does not share the CPU; the rate is counted from the protocol entries written.
# Usage: bench/submissions/run.sh  (BENCH_FILINGS=20000 BENCH_CONNECTIONS="16 64")
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
FILINGS="${BENCH_FILINGS:-20000}"
CONNECTIONS="${BENCH_CONNECTIONS:-16 64}"
BIN="${BENCH_BIN:-$ROOT/.build/release/sportello}"
PY="${BENCH_PYTHON:-$ROOT/.venv/bin/python}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[[ -x "$BIN" ]] || swift build -c release --product sportello
[[ -x "$PY" ]] || PY=python3
RESULTS="$ROOT/bench/results/submissions-$(date -u +%F).md"
mkdir -p "$(dirname "$RESULTS")"
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

entries() { # count, first and last registration time of the protocol entries
    if [[ "$1" == sqlite:* ]]; then
        "$PY" - "${1#sqlite:}" <<'PYEOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=60)
print(*db.execute("SELECT count(*), min(registered_at), max(registered_at) FROM protocol_entries").fetchone())
PYEOF
    else
        psql -qtA -F ' ' "$1" -c "SELECT count(*), extract(epoch from min(registered_at)), extract(epoch from max(registered_at)) FROM protocol_entries"
    fi
}

bench_database() { # label database-url connections
    local label="$1" url="$2" connections="$3" port
    port="$(free_port)"
    rm -rf "$TMP/data"
    SPORTELLO_WORKER_IN_PROCESS=false SPORTELLO_LOG_LEVEL=warning \
        "$BIN" serve --demo --port "$port" --data-dir "$TMP/data" --database-url "$url" >"$TMP/server.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
    eval "$("$PY" bench/submissions/prepare.py "http://127.0.0.1:$port" "$url" "$FILINGS" "$TMP/ids")"
    local before after
    before="$(entries "$url")"
    local out
    out="$(SPORTELLO_COOKIE="$COOKIE" SPORTELLO_CSRF="$CSRF" SPORTELLO_IDS="$TMP/ids" SPORTELLO_THREADS=2 \
        wrk -t2 -c"$connections" -d120s --latency -s bench/submissions/confirm.lua "http://127.0.0.1:$port" 2>"$TMP/wrk.err")"
    after="$(entries "$url")"
    local count first last rate p50 p99 errors rss
    read -r count first last <<<"$after"
    rate="$(python3 -c "print(round(($count - ${before%% *}) / max(1e-9, $last - $first)))")"
    p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
    p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
    errors="$(grep -c 'unexpected status' "$TMP/wrk.err" || true)"
    rss="$(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' /proc/$SERVER/status)"
    echo "| $label | $connections | $((count - ${before%% *})) | $rate | $p50 | $p99 | $errors | $rss |" | tee -a "$RESULTS"
    kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
}

{
    echo
    echo "## $(date -u '+%F %H:%M') UTC — submission benchmark (\`bench/submissions/run.sh\`)"
    echo
    echo "- commit \`$(git rev-parse --short HEAD)\`, release build, demo procedure \`contributo-affitto\` (4 household members, 2 attachments; its stamped PDF/A copy is 3 pages, about 54 kB), log level warning, outbox worker off"
    echo "- \`wrk -t2 -c<connections> --latency -s bench/submissions/confirm.lua\` over $FILINGS prepared filings, wrk and server on the same 2-core machine"
    echo "- submissions/s = protocol entries written ÷ (last − first registration time); every one durable (SQLite: synchronous=FULL at commit; PostgreSQL: default fsync)"
    echo
    echo "| database | connections | submissions | submissions/s | p50 | p99 | non-303 | RSS after |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} | tee -a "$RESULTS"

for connections in $CONNECTIONS; do
    bench_database sqlite "sqlite:$TMP/data/sportello.sqlite" "$connections"
done
if have_postgres; then
    start_postgres
    for connections in $CONNECTIONS; do
        recreate_database
        bench_database postgres "postgres://postgres@127.0.0.1:$PG_PORT/sportello" "$connections"
    done
fi
echo "results appended to $RESULTS"
