#!/usr/bin/env bash
# bench/mail/run.sh [messages] [connections…] — delivery benchmark of SMTPMailer against the aiosmtpd test sink.
#
#   bench/mail/run.sh                 # 2,000 messages over 4 connections
#   bench/mail/run.sh 2000 1 4 8      # the same for 1, 4 and 8 connections
#   SINK_WORKERS=2 bench/mail/run.sh          # the sink serves from 2 Python processes (default 1)
#   SINK_FLAGS=--no-files bench/mail/run.sh   # the sink does not write the messages to disk
#   SINK_FLAGS=--block-data bench/mail/run.sh # the sink reads DATA in blocks, not line by line (see smtp_sink.py)
#
# Needs aiosmtpd in .venv (scripts/test installs it) or SPORTELLO_PYTHON pointing to a Python that has it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
MESSAGES="${1:-2000}"
shift || true
CONNECTIONS=("$@")
((${#CONNECTIONS[@]})) || CONNECTIONS=(4)
PYTHON="${SPORTELLO_PYTHON:-$ROOT/.venv/bin/python}"
"$PYTHON" -c 'import aiosmtpd' || { echo "aiosmtpd is not importable by $PYTHON (run scripts/test first)" >&2; exit 1; }

swift build -c release --product mail-bench >/dev/null
BIN="$(swift build -c release --show-bin-path)/mail-bench"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/sportello-mail-bench.XXXXXX")"
SINK_PID=""
cleanup() {
    [[ -n "$SINK_PID" ]] && kill "$SINK_PID" 2>/dev/null && wait "$SINK_PID" 2>/dev/null
    rm -rf -- "$TMP"
}
trap cleanup EXIT

SINK_WORKERS="${SINK_WORKERS:-1}"
# User + system CPU of a process and its children (the sink's workers), in clock ticks.
ticks() {
    local total=0 pid
    for pid in "$1" $(pgrep -P "$1" || true); do
        [[ -r "/proc/$pid/stat" ]] && total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
    done
    echo "$total"
}
HZ="$(getconf CLK_TCK)"

echo "mail-bench: $MESSAGES messages, connections ${CONNECTIONS[*]}, sink workers: $SINK_WORKERS, sink flags: ${SINK_FLAGS:-none}, $(nproc) CPUs"
for connections in "${CONNECTIONS[@]}"; do
    dir="$TMP/mail-$connections"
    mkfifo "$TMP/port"
    # shellcheck disable=SC2086
    "$PYTHON" "$ROOT/Tests/Support/smtp_sink.py" --dir "$dir" --workers "$SINK_WORKERS" ${SINK_FLAGS:-} >"$TMP/port" 2>"$TMP/sink.log" < <(sleep infinity) &
    SINK_PID=$!
    read -r port <"$TMP/port"
    rm -f "$TMP/port"
    sleep 0.5 # the workers are forked before the port is printed; let them reach their event loops
    before="$(ticks "$SINK_PID")"
    echo
    echo "--- $connections connection(s), sink on 127.0.0.1:$port"
    output="$("$BIN" --port "$port" --messages "$MESSAGES" --connections "$connections")"
    echo "$output" | grep -v '^RESULT'
    after="$(ticks "$SINK_PID")" # before the sink stops: a worker's time is gone once it exits
    seconds="$(echo "$output" | sed -n 's/^RESULT.* seconds=\([0-9.]*\).*/\1/p')"
    kill "$SINK_PID"
    wait "$SINK_PID" 2>/dev/null || true
    SINK_PID=""
    received="$(find "$dir" -name '*.eml' | wc -l)"
    awk -v t=$((after - before)) -v hz="$HZ" -v s="$seconds" -v n="$MESSAGES" -v r="$received" 'BEGIN {
        cpu = t / hz
        printf "sink: %.2f s CPU = %.2f ms per message, %.0f%% of one CPU during the run (a CPU of sink alone: at most %.0f emails/s); %d .eml files written\n",
            cpu, cpu * 1000 / n, 100 * cpu / s, n / cpu, r
    }'
done
