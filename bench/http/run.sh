#!/usr/bin/env bash
# bench/http/run.sh — reproducible HTTP benchmark of `sportello serve --demo` (release build) with wrk.
# See bench/http/README.md. Results are appended to bench/results/http-<UTC date>.md.
#
# Environment knobs (defaults in brackets):
#   BENCH_DURATION [30s]     wrk -d for each measured run
#   BENCH_CONNECTIONS [64]   wrk -c
#   BENCH_THREADS [2]        wrk -t
#   BENCH_WARMUP [5s]        unrecorded wrk run before each measured one ("0" to skip)
#   BENCH_IDLE_SETTLE [2]    seconds to wait after the first answer before reading idle RSS
#   BENCH_SKIP_BUILD=1       do not run `swift build -c release` (use the existing binary)
#   BENCH_BIN                binary to run [.build/release/sportello]
#   BENCH_RESULTS            results file [bench/results/http-<date>.md]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

DURATION="${BENCH_DURATION:-30s}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
WARMUP="${BENCH_WARMUP:-5s}"
IDLE_SETTLE="${BENCH_IDLE_SETTLE:-2}"
CITIZEN="RSSMRA85T10A562S"
RESULTS="${BENCH_RESULTS:-bench/results/http-$(date -u +%Y-%m-%d).md}"

if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'bench/http/run.sh: %s\n' "$*" >&2; exit 1; }

# --- cleanup -----------------------------------------------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/sportello-bench.XXXXXX")"
SERVER_PID=""
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    if ((rc != 0)) && [[ -s "$TMP/server.log" ]]; then
        echo "---- server log (last 50 lines) ----" >&2
        tail -n 50 "$TMP/server.log" >&2
    fi
    rm -rf -- "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- prerequisites -----------------------------------------------------------------------------
missing=()
for pkg in wrk curl; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
    say "installing Debian packages: ${missing[*]}"
    sudo=()
    [[ "$(id -u)" == 0 ]] || sudo=(sudo)
    { "${sudo[@]}" apt-get update -qq &&
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >"$TMP/apt.log" 2>&1 ||
        { cat "$TMP/apt.log" >&2; die "apt-get install ${missing[*]} failed"; }
fi
command -v python3 >/dev/null || die "python3 is needed (HTML form parsing)"

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    say "swift build -c release --product sportello"
    swift build -c release --product sportello >&2
fi
BIN="${BENCH_BIN:-$ROOT/.build/release/sportello}"
[[ -x "$BIN" ]] || die "no binary at $BIN"

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
DATA="$TMP/data"
mkdir -p "$DATA"

now_ns() { date +%s%N; }

# start_server: launches the server and waits for the first 200 from /health; sets SERVER_PID and
# START_MS (launch → first 200, polled as fast as curl can go).
start_server() {
    local t0 t1 deadline
    t0="$(now_ns)"
    "$BIN" serve --demo --hostname 127.0.0.1 --port "$PORT" --data-dir "$DATA" >>"$TMP/server.log" 2>&1 &
    SERVER_PID=$!
    deadline=$((SECONDS + 120))
    until curl -fs -o /dev/null --max-time 1 "$BASE/health" 2>/dev/null; do
        kill -0 "$SERVER_PID" 2>/dev/null || die "server exited before answering /health"
        ((SECONDS < deadline)) || die "server did not answer /health within 120 s"
        sleep 0.005
    done
    t1="$(now_ns)"
    START_MS=$(((t1 - t0) / 1000000))
}

# stop_server: SIGTERM, waits up to 10 s; sets STOP_MS and STOP_STATUS.
stop_server() {
    local t0 t1 i
    t0="$(now_ns)"
    kill -TERM "$SERVER_PID"
    for i in $(seq 1 1000); do
        kill -0 "$SERVER_PID" 2>/dev/null || break
        ((i < 1000)) || { kill -KILL "$SERVER_PID"; break; }
        sleep 0.01
    done
    t1="$(now_ns)"
    STOP_STATUS=0
    wait "$SERVER_PID" || STOP_STATUS=$?
    SERVER_PID=""
    STOP_MS=$(((t1 - t0) / 1000000))
}

proc_kb() { # proc_kb FIELD -> kB value of FIELD (VmRSS, VmHWM) of the server
    awk -v f="$1:" '$1 == f { print $2 }' "/proc/$SERVER_PID/status"
}
mib() { awk -v kb="$1" 'BEGIN { printf "%.1f MiB", kb / 1024 }'; }

# --- start #1: applies migrations and seeds the demo data ---------------------------------------
say "first start (migrations + demo seed) on $BASE, data dir $DATA"
start_server
FIRST_START_MS=$START_MS
stop_server
((STOP_STATUS == 0)) || say "warning: server exited with status $STOP_STATUS after SIGTERM"

# --- start #2: measured start, idle RSS ----------------------------------------------------------
say "second start (migrations already applied)"
start_server
SECOND_START_MS=$START_MS
sleep "$IDLE_SETTLE"
IDLE_RSS_KB="$(proc_kb VmRSS)"
say "start to first answer: ${SECOND_START_MS} ms (first start ${FIRST_START_MS} ms); idle RSS $(mib "$IDLE_RSS_KB")"

# --- sign a citizen in through the real OIDC flow (test IdP) ------------------------------------
say "signing in $CITIZEN through /auth/login → /test-idp/authorize"
JAR="$TMP/cookies.txt"
IDP_URL="$(curl -fsS -c "$JAR" -b "$JAR" -L -o "$TMP/idp.html" -w '%{url_effective}' \
    "$BASE/auth/login?next=/area-personale")" || die "GET /auth/login failed"
[[ "$IDP_URL" == *"/test-idp/authorize"* ]] || die "/auth/login did not lead to the test IdP (ended at $IDP_URL)"

# Find the form holding the citizen's button; print its method, absolute action URL, and the
# url-encoded body (hidden inputs + citizen=...).
python3 - "$TMP/idp.html" "$IDP_URL" "$CITIZEN" >"$TMP/form.txt" <<'EOF'
import sys
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin

path, page_url, citizen = sys.argv[1:4]

class Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms, self.current = [], None
    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self.current = {"action": a.get("action", ""), "method": a.get("method", "get").lower(),
                            "hidden": [], "citizens": []}
            self.forms.append(self.current)
        elif self.current is not None and tag == "input" and a.get("type", "").lower() == "hidden" and a.get("name"):
            self.current["hidden"].append((a["name"], a.get("value", "")))
        elif self.current is not None and tag == "button" and a.get("name") == "citizen":
            self.current["citizens"].append(a.get("value", ""))
    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None

p = Forms()
p.feed(open(path, encoding="utf-8", errors="replace").read())
form = next((f for f in p.forms if citizen in f["citizens"]), None)
if form is None:
    sys.exit(f"no form with a citizen={citizen} button on {page_url}")
print(form["method"])
print(urljoin(page_url, form["action"] or page_url))
print(urlencode(form["hidden"] + [("citizen", citizen)]))
EOF
{ read -r FORM_METHOD; read -r FORM_ACTION; read -r FORM_BODY; } <"$TMP/form.txt"
if [[ "$FORM_METHOD" == post ]]; then
    AREA_URL="$(curl -fsS -c "$JAR" -b "$JAR" -L -o "$TMP/area.html" -w '%{url_effective}' \
        --data "$FORM_BODY" "$FORM_ACTION")" || die "POST $FORM_ACTION failed"
else
    AREA_URL="$(curl -fsS -c "$JAR" -b "$JAR" -L -o "$TMP/area.html" -w '%{url_effective}' \
        "$FORM_ACTION?$FORM_BODY")" || die "GET $FORM_ACTION failed"
fi
[[ "$AREA_URL" == "$BASE/area-personale"* ]] || die "sign-in ended at $AREA_URL instead of /area-personale"
grep -q "$CITIZEN" "$TMP/area.html" || die "personal area does not show $CITIZEN"

# Every cookie the jar holds for this host, as a browser would send them (curl marks HttpOnly
# cookies with a '#HttpOnly_' prefix on the domain field).
COOKIE="$(awk -F '\t' '
    /^#HttpOnly_/ { sub(/^#HttpOnly_/, "") }
    /^#/ || NF < 7 { next }
    { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$JAR")"
[[ -n "$COOKIE" ]] || die "no cookie after sign-in"
COOKIE_NAMES="$(printf '%s' "$COOKIE" | tr ';' '\n' | sed 's/=.*//; s/^ *//' | paste -sd, -)"

check_area() { # the cookie must still open the personal area with a 200, no redirect
    local code
    code="$(curl -s -o "$TMP/check.html" -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE/area-personale")"
    [[ "$code" == 200 ]] && grep -q "$CITIZEN" "$TMP/check.html"
}
check_area || die "the session cookie does not open /area-personale"
AREA_BYTES="$(wc -c <"$TMP/check.html")"
say "signed in; cookies: $COOKIE_NAMES; /area-personale is $AREA_BYTES bytes"

# --- wrk -----------------------------------------------------------------------------------------
WRK_VERSION="$(wrk -v 2>&1 | head -n 1 | sed 's/ \[.*//' || true)"

# run_wrk NAME PATH [extra wrk args...] -> appends a table row to ROWS
ROWS=()
run_wrk() {
    local name="$1" path="$2"
    shift 2
    if [[ "$WARMUP" != 0 && "$WARMUP" != 0s ]]; then
        say "warm-up $name ($WARMUP)"
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$@" "$BASE$path" >/dev/null
    fi
    say "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency $path"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$BASE$path" | tee "$TMP/wrk-$name.txt" >&2
    ROWS+=("$(awk -v name="$name" -v path="$path" '
        function ms(v,   n, u) {
            n = v; u = v
            sub(/[a-z]+$/, "", n); sub(/^[0-9.]+/, "", u)
            if (u == "us") return n / 1000
            if (u == "ms") return n
            if (u == "s") return n * 1000
            if (u == "m") return n * 60000
            return n
        }
        /^ +50%/ { p50 = ms($2) }
        /^ +99%/ { p99 = ms($2) }
        /^Requests\/sec:/ { rps = $2 }
        / requests in / { total = $1 }
        /Non-2xx or 3xx responses:/ { non2xx = $NF }
        /Socket errors:/ { errs = $0; sub(/.*Socket errors: /, "", errs) }
        END {
            if (non2xx == "") non2xx = 0
            if (errs == "") errs = "none"
            printf "| %s | `%s` | %.0f | %.2f | %.2f | %s | %s | %s |", name, path, rps, p50, p99, total, non2xx, errs
        }' "$TMP/wrk-$name.txt")")
}

run_wrk health /health
run_wrk area-personale /area-personale -H "Cookie: $COOKIE"
check_area || die "after the run the session cookie no longer opens /area-personale (results would count redirects)"

PEAK_RSS_KB="$(proc_kb VmHWM)"
AFTER_RSS_KB="$(proc_kb VmRSS)"
stop_server
SHUTDOWN_NOTE="${STOP_MS} ms, exit status ${STOP_STATUS}"

# --- report --------------------------------------------------------------------------------------
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo 'no commit')"
DIRTY=""
[[ -z "$(git status --porcelain 2>/dev/null | head -n 1)" ]] || DIRTY=" (with uncommitted changes)"
CPU="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
MEM="$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
SWIFT_VERSION="$(swift --version 2>/dev/null | head -n 1 || echo '?')"

mkdir -p "$(dirname "$RESULTS")"
{
    printf '\n## %s — HTTP benchmark (`bench/http/run.sh`)\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
    BUILD_KIND="release build"
    [[ "$BIN" == */release/* ]] || BUILD_KIND="binary (not the default release build)"
    printf -- '- commit: `%s`%s; %s `%s`\n' "$COMMIT" "$DIRTY" "$BUILD_KIND" "${BIN#"$ROOT"/}"
    printf -- '- machine: %s cores (%s), %s; %s; %s\n' "$(nproc)" "$CPU" "$MEM" "$SWIFT_VERSION" "$WRK_VERSION"
    printf -- '- load: `wrk -t%s -c%s -d%s --latency` after a %s warm-up, over loopback, wrk and server on the same machine\n' \
        "$THREADS" "$CONNECTIONS" "$DURATION" "$WARMUP"
    printf -- '- `/area-personale`: citizen %s signed in through the test OIDC provider; cookies sent: %s; page %s bytes\n\n' \
        "$CITIZEN" "$COOKIE_NAMES" "$AREA_BYTES"
    printf '| run | path | req/s | p50 (ms) | p99 (ms) | requests | non-2xx/3xx | socket errors |\n'
    printf '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |\n'
    printf '%s\n' "${ROWS[@]}"
    printf '\n| process | value |\n| --- | ---: |\n'
    printf '| start to first answer (`/health` 200, migrations already applied) | %s ms |\n' "$SECOND_START_MS"
    printf '| first start (empty data dir: migrations + demo seed) | %s ms |\n' "$FIRST_START_MS"
    printf '| idle RSS (VmRSS, %ss after first answer) | %s |\n' "$IDLE_SETTLE" "$(mib "$IDLE_RSS_KB")"
    printf '| peak RSS (VmHWM, after both runs) | %s |\n' "$(mib "$PEAK_RSS_KB")"
    printf '| RSS after both runs (VmRSS) | %s |\n' "$(mib "$AFTER_RSS_KB")"
    printf '| graceful shutdown after SIGTERM | %s |\n' "$SHUTDOWN_NOTE"
} >>"$RESULTS"

say "results appended to $RESULTS"
cat "$RESULTS" | tail -n 22
