"""CPU used by each part of the scaling run over a measurement, read from /proc (what pidstat reads).

  cpu.py snapshot FILE LABEL=PID ...   writes the counters now
  cpu.py report FILE LABEL=PID ...     prints, per label, the CPU used since the snapshot in % of one core,
                                       then the whole host's busy % of all cores and what the others used

A label counts its process (every thread), its children alive now and the children it has already reaped
(cutime/cstime): PostgreSQL's backends, nginx's workers. The host line comes from /proc/stat; "rest of the host"
is what processes outside the run used (other jobs on a shared machine), the bench's honesty check.
"""
import json
import os
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")


def stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[0] is the state (field 3): utime is field 14, stime 15, cutime 16, cstime 17.
    return int(fields[11]), int(fields[12]), int(fields[13]), int(fields[14])


def children(pid):
    out = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(name))
        except (FileNotFoundError, ProcessLookupError):
            pass
    return out


def tree_ticks(pid):
    """utime+stime of pid and its live children, and pid's reaped children's time."""
    own = {}
    try:
        utime, stime, cutime, cstime = stat(pid)
    except FileNotFoundError:
        return {}, 0
    own[pid] = utime + stime
    for child in children(pid):
        try:
            u, s, _, _ = stat(child)
            own[child] = u + s
        except FileNotFoundError:
            pass
    return own, cutime + cstime


def host():
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]
    return sum(values[:8]), idle


def snapshot(labels):
    total, idle = host()
    return {"time": time.time(), "host": [total, idle],
            "labels": {label: (lambda t: {"own": {str(k): v for k, v in t[0].items()}, "reaped": t[1]})(tree_ticks(pid))
                       for label, pid in labels.items()}}


def main():
    command, path = sys.argv[1], sys.argv[2]
    labels = {}
    for arg in sys.argv[3:]:
        label, pid = arg.split("=")
        labels[label] = int(pid)
    now = snapshot(labels)
    if command == "snapshot":
        with open(path, "w") as f:
            json.dump(now, f)
        return
    with open(path) as f:
        before = json.load(f)
    seconds = now["time"] - before["time"]
    used = {}
    for label in labels:
        a, b = before["labels"].get(label, {"own": {}, "reaped": 0}), now["labels"][label]
        ticks = b["reaped"] - a["reaped"]
        for pid, value in b["own"].items():
            ticks += value - a["own"].get(pid, 0)
        used[label] = ticks / TICKS / seconds * 100
    host_total = now["host"][0] - before["host"][0]
    host_busy = host_total - (now["host"][1] - before["host"][1])
    cores = os.cpu_count()
    busy = host_busy / host_total * 100 * cores if host_total else 0
    parts = ", ".join(f"{label} {value:.0f} %" for label, value in used.items())
    rest = busy - sum(used.values())
    print(f"{parts}; host busy {busy:.0f} % of {cores * 100} % (rest of the host {max(rest, 0):.0f} %)")


if __name__ == "__main__":
    main()
