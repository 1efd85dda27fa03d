# Shared by the benchmarks that drive a demo server over HTTP: the release binary and Python, a temporary folder
# removed at exit (with the server and any PostgreSQL started), a free port, and start_demo_server / stop_demo_server.
# The caller sets ROOT and sources this file.
BIN="${BENCH_BIN:-$ROOT/.build/release/sportello}"
PY="${BENCH_PYTHON:-$ROOT/.venv/bin/python}"
[[ -x "$BIN" ]] || swift build -c release --product sportello
[[ -x "$PY" ]] || PY=python3
TMP="$(mktemp -d)"
chmod 755 "$TMP"
SERVER=""
source "$ROOT/bench/lib/postgres.sh"
cleanup() {
    [[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    stop_postgres
    rm -rf "$TMP"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_demo_server DATABASE-URL: a demo server without the in-process worker on a free port ($PORT), fresh data dir.
start_demo_server() {
    PORT="$(free_port)"
    rm -rf "$TMP/data"
    SPORTELLO_WORKER_IN_PROCESS=false SPORTELLO_LOG_LEVEL=warning \
        "$BIN" serve --demo --port "$PORT" --data-dir "$TMP/data" --database-url "$1" >"$TMP/server.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
}

stop_demo_server() {
    kill "$SERVER"
    wait "$SERVER" 2>/dev/null || true
    SERVER=""
}
