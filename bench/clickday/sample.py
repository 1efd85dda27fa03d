"""Samples, once a second until the first process named ends, the server's RSS and the CPU ticks of each process
(with its children: PostgreSQL's backends) as JSON lines, so that run.sh can read the CPU of the run's steady middle.

  sample.py OUT server=PID [postgres=PID] [locust=PID]   writes the samples
  sample.py report OUT FROM TO FILINGS                     CPU in ms per filing between two times, and peak RSS"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "scaling"))
from cpu import TICKS, tree_ticks  # noqa: E402


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def sample(out, labels):
    first = next(iter(labels.values()))
    with open(out, "w", buffering=1) as f:
        while os.path.exists(f"/proc/{first}"):
            row = {"time": time.time(), "ticks": {}}
            try:
                row["rss"] = rss_kib(first)
            except FileNotFoundError:
                break
            for label, pid in labels.items():
                own, reaped = tree_ticks(pid)
                if own:
                    row["ticks"][label] = sum(own.values()) + reaped
            f.write(json.dumps(row) + "\n")
            time.sleep(1)


def report(path, start, end, filings):
    rows = [json.loads(line) for line in open(path)]
    inside = [row for row in rows if start <= row["time"] <= end]
    if len(inside) < 2:
        print("cpu=''; rss=0")
        return
    a, b = inside[0], inside[-1]
    seconds = b["time"] - a["time"]
    parts = []
    for label in b["ticks"]:
        if label in a["ticks"]:
            cpu = (b["ticks"][label] - a["ticks"][label]) / TICKS
            parts.append(f"{label} {cpu * 1000 / max(filings, 1):.1f} ms ({cpu / seconds * 100:.0f} %)")
    print(f"cpu='{', '.join(parts)}'; rss={max(row['rss'] for row in rows) // 1024}")


if __name__ == "__main__":
    if sys.argv[1] == "report":
        report(sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]))
    else:
        sample(sys.argv[1], {label: int(pid) for label, pid in (arg.split("=") for arg in sys.argv[2:])})
