#!/usr/bin/env bash
# Compares two Parley jars on this machine: each spawns its own node on its own SQLite data, the
# jars alternating, closed loop and 5,000 msg/s offered, RUNS times each; then prints the medians.
#   scripts/bench-ab.sh OLD.jar NEW.jar [RUNS]     (results in ./bench-ab/)
set -euo pipefail
a=$(realpath "$1"); b=$(realpath "$2"); runs=${3:-3}
out=bench-ab; mkdir -p "$out"
for i in $(seq 1 "$runs"); do
  for mode in closed 5000; do
    for side in a b; do
      jar=$a; [ "$side" = b ] && jar=$b
      extra=(--warmup 8); [ "$mode" = 5000 ] && extra=(--warmup 5 --rate 5000)
      java -jar "$jar" bench --spawn --spawn-data="$out/data-$side" --state="$out/state-$side.json" \
        "${extra[@]}" --duration 10 --json --html= > "$out/$side-$mode-$i.json" 2> "$out/$side-$mode-$i.err"
    done
  done
done
python3 - "$out" "$runs" <<'PY'
import json, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
for mode in ("closed", "5000"):
    for side in ("a", "b"):
        rs = [json.load(open(f"{out}/{side}-{mode}-{i}.json")) for i in range(1, runs + 1)]
        med = lambda f: statistics.median(f(r) for r in rs)
        print(f"{mode:>6} {side}: {med(lambda r: r['messages_per_second']):9.0f} msg/s  "
              f"p99 {med(lambda r: r['latency_ms']['p99']):8.1f} ms  "
              f"{med(lambda r: r['server']['cpu_us_per_message']):6.1f} µs/msg  "
              f"errors {sum(r['errors'] for r in rs)}")
PY
