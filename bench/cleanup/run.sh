#!/usr/bin/env bash
# Stale-draft cleanup benchmark: seeds BENCH_DRAFTS stale drafts (default 1,000,000) straight into the
# database, then times `sportello drafts cleanup`, on SQLite and on a throwaway PostgreSQL cluster.
# Usage: bench/cleanup/run.sh   (BENCH_DRAFTS=1000000)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
DRAFTS="${BENCH_DRAFTS:-1000000}"
BIN="${BENCH_BIN:-$ROOT/.build/release/sportello}"
[[ -x "$BIN" ]] || swift build -c release --product sportello
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
RESULTS="$ROOT/bench/results/cleanup-$(date -u +%F).md"
mkdir -p "$(dirname "$RESULTS")"
TMP="$(mktemp -d)"
cleanup() {
    stop_postgres
    rm -rf "$TMP"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
source "$ROOT/bench/lib/postgres.sh"

install_demo() { # data-dir [database-url]
    local port
    port="$(free_port)"
    "$BIN" serve --demo --port "$port" --data-dir "$1" ${2:+--database-url "$2"} >"$TMP/serve.log" 2>&1 &
    local server=$!
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
    kill "$server"; wait "$server" 2>/dev/null || true
}

run_cleanup() { # label [database-url]
    local out
    out="$("$BIN" drafts cleanup --data-dir "$TMP/data" ${2:+--database-url "$2"} --log-level warning)"
    echo "| $1 | $DRAFTS | ${out} |" | tee -a "$RESULTS"
}

{
    echo
    echo "## $(date -u '+%F %H:%M') UTC — stale-draft cleanup (\`bench/cleanup/run.sh\`)"
    echo
    echo "- commit \`$(git rev-parse --short HEAD)\`, release build; drafts started 200 days ago, deleted in batches of 5,000"
    echo
    echo "| database | stale drafts | result |"
    echo "| --- | ---: | --- |"
} | tee -a "$RESULTS"

install_demo "$TMP/data"
sqlite3 "$TMP/data/sportello.sqlite" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $DRAFTS)
INSERT INTO filings (id, tenant_id, procedure_code, procedure_version, owner_fiscal_code, status, answers,
    created_at, updated_at)
SELECT upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-A'
        || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
    (SELECT id FROM tenants LIMIT 1), 'permesso-ztl', 1, 'RSSMRA85T10A562S', 'draft', '{}',
    unixepoch() - 200 * 86400, unixepoch() - 200 * 86400
FROM n;
SQL
run_cleanup sqlite

if have_postgres; then
    start_postgres
    URL="postgres://postgres@127.0.0.1:$PG_PORT/sportello"
    install_demo "$TMP/data-pg" "$URL"
    psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres sportello <<SQL
INSERT INTO filings (id, tenant_id, procedure_code, procedure_version, owner_fiscal_code, status, answers,
    created_at, updated_at)
SELECT gen_random_uuid(), (SELECT id FROM tenants LIMIT 1), 'permesso-ztl', 1, 'RSSMRA85T10A562S', 'draft', '{}',
    now() - interval '200 days', now() - interval '200 days'
FROM generate_series(1, $DRAFTS);
ANALYZE filings;
SQL
    run_cleanup postgres "$URL"
fi
echo "results appended to $RESULTS"
