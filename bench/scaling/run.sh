#!/usr/bin/env bash
# Scaling run: two `sportello serve` nodes and a separate `sportello worker` on one PostgreSQL, behind nginx.
#
# PostgreSQL (throwaway cluster) → `sportello migrate` once → node A (`serve --demo`: installs the demo municipality)
# → node B once A answers /health (two nodes installing the demo at once would race on the tenant) → `sportello
# worker` → nginx with two balanced ports: one over node A alone, one over A and B. Both nodes run with
# worker.inProcess=false and one attachments directory (as a shared volume would be across hosts).
#
# The same load, at the same total concurrency, goes through each port:
#   pages        citizens (BENCH_CITIZENS sessions, each with its own filing) render and save a form page (pages.lua)
#   submissions  confirmed submissions: protocol number, stamped PDF/A, outbox (bench/submissions/confirm.lua)
# and, for pages, straight to node A without nginx (the proxy's own cost). Requests/s, p50/p99, the split of the
# requests between the nodes (their /metrics) and the CPU of every process (cpu.py, from /proc) for each.
# After each submission run the separate worker must empty the outbox; at the end the script checks that protocol
# numbers are 1..N without holes or duplicates, and that every submitted filing has its number, its stored copy
# and both e-mails delivered. It exits non-zero when a check fails.
#
# Usage: bench/scaling/run.sh   (BENCH_DURATION=20s BENCH_CONNECTIONS=32 BENCH_CITIZENS=128 BENCH_FILINGS=12000
#                                BENCH_BALANCE=round-robin|least_conn)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
DURATION="${BENCH_DURATION:-20s}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
CITIZENS="${BENCH_CITIZENS:-128}"
FILINGS="${BENCH_FILINGS:-12000}"
BALANCE="${BENCH_BALANCE:-round-robin}"
SECONDS_PER_RUN="${DURATION%s}"
[[ "$SECONDS_PER_RUN" =~ ^[0-9]+$ && "$SECONDS_PER_RUN" -ge 3 ]] || { echo "BENCH_DURATION: whole seconds, at least 3s"; exit 1; }
BIN="${BENCH_BIN:-$ROOT/.build/release/sportello}"
PY="${BENCH_PYTHON:-$ROOT/.venv/bin/python}"
HERE="$ROOT/bench/scaling"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx >/dev/null; }
[[ -x "$BIN" ]] || swift build -c release --product sportello
[[ -x "$PY" ]] || PY=python3
RESULTS="$ROOT/bench/results/scaling-$(date -u +%F).md"
mkdir -p "$(dirname "$RESULTS")"
TMP="$(mktemp -d)"
chmod 755 "$TMP"
PIDS=()
NGINX_CONF=""
cleanup() {
    [[ -n "$NGINX_CONF" && -f "$TMP/nginx/nginx.pid" ]] && nginx -c "$NGINX_CONF" -s stop 2>/dev/null
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
    stop_postgres
    rm -rf "$TMP"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
source "$ROOT/bench/lib/postgres.sh"
have_postgres || { echo "needs Debian's PostgreSQL 15 binaries in $PG_BIN"; exit 1; }
fail() { echo "FAILED: $*" | tee -a "$RESULTS"; exit 1; }

wait_health() { # port log
    for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$1/health" >/dev/null && return 0; sleep 0.2; done
    cat "$2"; fail "no /health on port $1"
}

start_postgres
URL="postgres://postgres@127.0.0.1:$PG_PORT/sportello"
sql() { psql -qtA -F ' ' "$URL" -c "$1"; }
SHARED="$TMP/shared/attachments"
mkdir -p "$SHARED"
# The nodes share everything a sign-in or an upload needs: the database (sessions) and the attachments directory.
export SPORTELLO_WORKER_IN_PROCESS=false SPORTELLO_LOG_LEVEL=warning SPORTELLO_ATTACHMENTS_DIRECTORY="$SHARED" \
    SPORTELLO_DATABASE_URL="$URL" SPORTELLO_TEST_PROVIDER_CLIENT_SECRET="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"

"$BIN" migrate --data-dir "$TMP/migrate" >"$TMP/migrate.log" 2>&1 || { cat "$TMP/migrate.log"; fail "migrate"; }
PORT_A="$(free_port)"
"$BIN" serve --demo --port "$PORT_A" --data-dir "$TMP/node-a" >"$TMP/node-a.log" 2>&1 &
NODE_A=$!; PIDS+=("$NODE_A")
wait_health "$PORT_A" "$TMP/node-a.log"
PORT_B="$(free_port)"
"$BIN" serve --demo --port "$PORT_B" --data-dir "$TMP/node-b" >"$TMP/node-b.log" 2>&1 &
NODE_B=$!; PIDS+=("$NODE_B")
wait_health "$PORT_B" "$TMP/node-b.log"
"$BIN" worker --data-dir "$TMP/worker" >"$TMP/worker.log" 2>&1 &
WORKER=$!; PIDS+=("$WORKER")

PORT_ONE="$(free_port)"
PORT_TWO="$(free_port)"
mkdir -p "$TMP/nginx"
chown www-data "$TMP/nginx"
NGINX_CONF="$TMP/nginx/nginx.conf"
balance=""
[[ "$BALANCE" == "least_conn" ]] && balance="least_conn;"
sed -e "s|@TMP@|$TMP|g" -e "s|@PORT_ONE@|$PORT_ONE|g" -e "s|@PORT_TWO@|$PORT_TWO|g" -e "s|@NODE_A@|$PORT_A|g" \
    -e "s|@NODE_B@|$PORT_B|g" -e "s|@BALANCE@|$balance|g" "$HERE/nginx.conf.template" >"$NGINX_CONF"
nginx -t -q -c "$NGINX_CONF"
nginx -c "$NGINX_CONF"
for _ in $(seq 1 50); do [[ -s "$TMP/nginx/nginx.pid" ]] && break; sleep 0.1; done
NGINX="$(cat "$TMP/nginx/nginx.pid")"
POSTMASTER="$(head -1 "$PG_DATA/postmaster.pid")"
ONE="http://127.0.0.1:$PORT_ONE"
TWO="http://127.0.0.1:$PORT_TWO"
curl -sf "$ONE/health" >/dev/null && curl -sf "$TWO/ready" >/dev/null || fail "nginx does not reach the nodes"

# Sessions made on node A, used through nginx on both nodes; one upload read back from each node.
"$PY" "$HERE/prepare.py" pages "http://127.0.0.1:$PORT_A" "$TWO" "$CITIZENS" "$TMP/citizens" \
    || fail "preparing the citizens' sessions"

requests_of() { # port: requests this node has answered so far, from its /metrics
    curl -sf "http://127.0.0.1:$1/metrics" | awk '/^sportello_http_requests_total/ {s += $NF} END {printf "%d", s}'
}

{
    echo
    echo "## $(date -u '+%F %H:%M') UTC — scaling run (\`bench/scaling/run.sh\`)"
    echo
    echo "- commit \`$(git rev-parse --short HEAD)\`, release build, $(nproc) cores shared by everything below (wrk, nginx, both nodes, the worker, PostgreSQL)"
    echo "- PostgreSQL 15 (throwaway cluster, default durability); \`sportello migrate\` once, node A \`serve --demo\` (installs the demo), then node B, both \`worker.inProcess=false\` with one attachments directory; one \`sportello worker\`"
    echo "- nginx $(nginx -v 2>&1 | sed 's|.*/||'), \`worker_processes auto\`, $BALANCE, keep-alive to the upstreams; \"1 node\" = nginx with node A as its only upstream, \"2 nodes\" = nginx over A and B, \"direct\" = node A without nginx"
    echo "- \`wrk -t2 -c$CONNECTIONS -d$DURATION --latency\`; pages: $CITIZENS signed-in citizens, each rendering (GET 200) then saving (POST 303) page 1 of \`pagamento-avviso\` (\`pages.lua\`); submissions: confirm of prepared \`contributo-affitto\` filings (\`bench/submissions/confirm.lua\`), rate = protocol entries ÷ (last − first registration time)"
    echo "- requests A / B: requests each node answered (its \`/metrics\`); CPU: % of one core per process over the run (\`cpu.py\`, /proc), \"rest\" = other jobs on the machine"
    echo "- sessions made by signing in on node A, used through nginx on both nodes"
    echo
    echo "| scenario | setup | req/s | p50 | p99 | non-2xx/3xx | requests A / B | CPU (% of one core) |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"
} | tee -a "$RESULTS"

declare -A RATE
measure() { # scenario setup url
    local scenario="$1" setup="$2" url="$3" script before_a before_b entries_before out
    before_a="$(requests_of "$PORT_A")"; before_b="$(requests_of "$PORT_B")"
    entries_before="$(sql "SELECT coalesce(max(number), 0) FROM protocol_entries")"
    if [[ "$scenario" == pages ]]; then
        SPORTELLO_CITIZENS="$TMP/citizens" SPORTELLO_THREADS=2 \
            wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$HERE/pages.lua" "$url" >"$TMP/wrk.out" 2>"$TMP/wrk.err" &
    else
        SPORTELLO_COOKIE="$COOKIE" SPORTELLO_CSRF="$CSRF" SPORTELLO_IDS="$TMP/ids-$4" SPORTELLO_THREADS=2 \
            wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/bench/submissions/confirm.lua" "$url" \
            >"$TMP/wrk.out" 2>"$TMP/wrk.err" &
    fi
    local wrk=$!
    local labels=(wrk="$wrk" nginx="$NGINX" "node A=$NODE_A" "node B=$NODE_B" worker="$WORKER" postgres="$POSTMASTER")
    # CPU over the steady part of the run: from its first second to one second before its end, wrk still alive.
    sleep 1
    "$PY" "$HERE/cpu.py" snapshot "$TMP/cpu.json" "${labels[@]}"
    sleep $((SECONDS_PER_RUN - 2))
    local cpu
    cpu="$("$PY" "$HERE/cpu.py" report "$TMP/cpu.json" "${labels[@]}")"
    wait "$wrk"
    out="$(cat "$TMP/wrk.out")"
    local rps p50 p99 non2xx a b
    rps="$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out")"
    p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
    p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
    non2xx="$(awk '/Non-2xx/ {print $5}' <<<"$out")"
    a=$(($(requests_of "$PORT_A") - before_a - 1)); b=$(($(requests_of "$PORT_B") - before_b - 1))
    if [[ "$scenario" == submissions ]]; then
        local count first last
        read -r count first last <<<"$(sql "SELECT count(*), extract(epoch from min(registered_at)), extract(epoch from max(registered_at)) FROM protocol_entries WHERE number > $entries_before")"
        rps="$(python3 -c "print(round($count / max(1e-9, $last - $first)))")"
        scenario="submissions ($count confirmed)"
    fi
    RATE["$1 $setup"]="$rps"
    echo "| $scenario | $setup | $rps | $p50 | $p99 | ${non2xx:-0} | $a / $b | $cpu |" | tee -a "$RESULTS"
    grep -v '^unexpected status' "$TMP/wrk.err" >&2 || true
}

drain() { # waits until the separate worker has sent every e-mail queued so far
    local start pending
    start="$(date +%s.%N)"
    "$PY" "$HERE/cpu.py" snapshot "$TMP/drain.json" worker="$WORKER" postgres="$POSTMASTER"
    for _ in $(seq 1 600); do
        pending="$(sql "SELECT count(*) FROM outbox_jobs WHERE state = 'pending' AND kind LIKE 'email.%'")"
        [[ "$pending" == 0 ]] && break
        sleep 0.5
    done
    [[ "$pending" == 0 ]] || fail "$pending e-mails still pending after 300 s"
    DRAIN="$(python3 -c "print(f'{$(date +%s.%N) - $start:.1f}')") s ($("$PY" "$HERE/cpu.py" report "$TMP/drain.json" worker="$WORKER" postgres="$POSTMASTER" | cut -d';' -f1))"
}

# Warm both nodes and nginx up (JIT-free, but caches, pools and the kernel's buffers).
SPORTELLO_CITIZENS="$TMP/citizens" SPORTELLO_THREADS=2 wrk -t2 -c"$CONNECTIONS" -d5s -s "$HERE/pages.lua" "$TWO" >/dev/null 2>&1
measure pages "direct (node A)" "http://127.0.0.1:$PORT_A"
measure pages "1 node" "$ONE"
measure pages "2 nodes" "$TWO"
# The filings to confirm are made after the page runs, so that the pages run on a database without them.
eval "$("$PY" "$HERE/prepare.py" filings "http://127.0.0.1:$PORT_A" "http://127.0.0.1:$PORT_B" "$TWO" "$URL" "$FILINGS" \
    "$TMP/ids-one" "$TMP/ids-two" 2>"$TMP/prepare.err")" || { cat "$TMP/prepare.err"; fail "preparing the filings"; }
UPLOADS="$(grep '^# uploads checked' "$TMP/prepare.err" | sed 's/^# //')"
measure submissions "1 node" "$ONE" one
drain; DRAIN_ONE="$DRAIN"
measure submissions "2 nodes" "$TWO" two
drain; DRAIN_TWO="$DRAIN"

ratio() { python3 -c "print(f'{$2 / max(1, $1):.2f}')"; }
{
    echo
    echo "- two nodes ÷ one node: pages $(ratio "${RATE[pages 1 node]}" "${RATE[pages 2 nodes]}")×, submissions $(ratio "${RATE[submissions 1 node]}" "${RATE[submissions 2 nodes]}")× (target 1.6× when the database is not the limit)"
    echo "- $UPLOADS"
    echo "- the separate worker emptied the outbox after each submission run in $DRAIN_ONE and $DRAIN_TWO"
} | tee -a "$RESULTS"

# Protocol numbers: per register and year exactly 1..N, no hole, no duplicate, the counter at N.
gaps="$(sql "SELECT e.register_code, e.year, count(*), count(DISTINCT e.number), min(e.number), max(e.number), max(c.last_number)
             FROM protocol_entries e JOIN protocol_counters c USING (tenant_id, register_code, year)
             GROUP BY e.tenant_id, e.register_code, e.year")"
bad_registers="$(awk '!($3 == $4 && $4 == $6 && $5 == 1 && $7 == $6)' <<<"$gaps")"
# Every filing that left the draft state: its number, its stored copy, both e-mails delivered by the worker.
read -r submitted entries no_number duplicates no_copy copy_mail code_mail <<<"$(sql "
    SELECT count(*), (SELECT count(*) FROM protocol_entries), count(*) FILTER (WHERE f.protocol_number IS NULL),
           count(*) - count(DISTINCT f.protocol_number), count(*) FILTER (WHERE d.filing_id IS NULL),
           count(*) FILTER (WHERE c.state = 'delivered'), count(*) FILTER (WHERE a.state = 'delivered')
    FROM filings f
    LEFT JOIN filing_documents d ON d.filing_id = f.id AND d.kind = 'filing'
    LEFT JOIN outbox_jobs c ON c.idempotency_key = 'email.filing-copy:' || upper(f.id::text)
    LEFT JOIN outbox_jobs a ON a.idempotency_key = 'email.access-code:' || upper(f.id::text)
    WHERE f.status <> 'draft'")"
jobs="$(sql "SELECT kind || ' ' || state || ' ' || count(*) FROM outbox_jobs GROUP BY kind, state ORDER BY kind, state" | paste -sd ',' | sed 's/,/, /g')"
{
    echo "- protocol register (register, year, entries, distinct, min, max, counter): $(paste -sd ';' <<<"$gaps")"
    echo "- $submitted filings submitted, $entries protocol entries, $no_number without a number, $duplicates duplicate numbers, $no_copy without their stored copy; filing-copy e-mails delivered $copy_mail, access-code e-mails delivered $code_mail"
    echo "- outbox by kind and state: $jobs"
} | tee -a "$RESULTS"
[[ -z "$bad_registers" ]] || fail "protocol numbers with holes or duplicates: $bad_registers"
[[ "$submitted" == "$entries" && "$no_number" == 0 && "$duplicates" == 0 && "$no_copy" == 0 ]] \
    || fail "a submitted filing without its number or copy"
[[ "$copy_mail" == "$submitted" && "$code_mail" == "$submitted" ]] || fail "e-mails not delivered"
echo "- checks passed: numbers gap-free and unique, every submission with its copy and its two e-mails" | tee -a "$RESULTS"
echo "results appended to $RESULTS"
