#!/usr/bin/env bash
# Write throughput of one Lux node (local) against two (and three) clustered nodes, wrk PUTs on
# every node, each WAR given measured in turn in the same run (docs/BENCHMARKS.md, "Cluster").
#   bench/cluster/throughput.sh [WARM_SECONDS] [SECONDS] [WAR[=GRID_PROPERTIES] ...]
#   (default WAR: target/lux.war; a WAR given as WAR=FILE runs its clustered nodes with FILE as the
#   grid's settings instead of LUX_GRID_PROPERTIES / server-config/grid.properties, e.g. an empty
#   file for a build from before grid.properties existed)
#   WARM_SECONDS is the least warm-up: it goes on until every node's JIT is quiet (nodes.sh
#   warm_up), at most WARM_MAX seconds (default 300)
#   NODES="1 2 3"   which sizes to run (default "1 2")
#   UNCLUSTERED=1   run N > 1 nodes as independent local nodes (the control: what N JVMs take on
#                   these cores without a grid)
#   ROUNDS=3        measure every WAR and size this many times, interleaved, and print each one's
#                   median at the end (default 1): this machine's speed drifts by 2-3x within minutes
# Builds nothing: run `mvn -B -q -DskipTests package` first. Clustered nodes start with bin/run-node
# (so with server-config/grid.properties). Binds 127.0.0.1 only, free ports, a unique cluster name.
set -euo pipefail
cd "$(dirname "$0")/../.."
warm=${1:-30} secs=${2:-20}
shift $(( $# > 2 ? 2 : $# ))
wars=("$@"); [ ${#wars[@]} -gt 0 ] || wars=(target/lux.war)
sizes=${NODES:-1 2}
out=target/bench-cluster; mkdir -p "$out"
export LUX_API_KEY="bench-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
export LUX_JAVA_OPTS="${LUX_JAVA_OPTS:--Xmx1g}"
source bench/cluster/nodes.sh   # start_nodes, cpu_ticks, cleanup, load

measure() { # war nodes ports...
  local war=$1 n=$2; shift 2
  local warmed; warmed=$(warm_up "$warm" "${WARM_MAX:-300}" "$@")
  local t0; t0=$(cpu_ticks)
  load "$secs" run "$@"
  local t1; t1=$(cpu_ticks)
  local total=0 detail=""
  for i in $(seq 0 $((n-1))); do
    local f="$out/wrk-run$i.txt" r p50 p99 bad
    r=$(awk '/Requests\/sec/ {print $2}' "$f")
    p50=$(awk '$1=="50%" {print $2}' "$f"); p99=$(awk '$1=="99%" {print $2}' "$f")
    bad=$(awk '/Non-2xx/ {print $5}' "$f")
    detail+="    node $i: $r PUT/s  p50 $p50  p99 $p99  non-2xx ${bad:-0}"$'\n'
    total=$(python3 -c "print(round($total+$r))")
  done
  local cpu_ms; cpu_ms=$(python3 -c "print(round(($t1-$t0)*10/($total*$secs), 3))")
  printf '%s  %d node(s): %6d PUT/s in total, server CPU %s ms per PUT, load %s (%s)\n%s' \
    "$(basename "$war")" "$n" "$total" "$cpu_ms" "$(cut -d' ' -f1-3 /proc/loadavg)" "$warmed" "$detail"
  echo "$(basename "$war") $n $total $cpu_ms" >> "$out/results.txt"
}

: > "$out/results.txt"
for round in $(seq 1 "${ROUNDS:-1}"); do
  for spec in "${wars[@]}"; do
    war=${spec%%=*}
    grid=${LUX_GRID_PROPERTIES:-server-config/grid.properties}
    [ "$spec" = "$war" ] || grid=${spec#*=}
    for n in $sizes; do
      LUX_GRID_PROPERTIES=$grid start_nodes "$war" "$n"
      measure "$war" "$n" "${ports[@]}"
      cleanup
    done
  done
done
if [ "${ROUNDS:-1}" -gt 1 ]; then
  echo "medians of ${ROUNDS} rounds (PUT/s in total, server CPU ms per PUT; each round's figures in brackets):"
  python3 - "$out/results.txt" <<'PY'
import statistics, sys, collections
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    war, n, total, cpu = line.split()
    runs[(war, int(n))].append((int(total), float(cpu)))
for (war, n), r in runs.items():
    one = statistics.median(t for t, _ in runs.get((war, 1), [(0, 0)]))
    share = f", {statistics.median(t for t, _ in r) / one:.0%} of one node" if n > 1 and one else ""
    print(f"  {war}  {n} node(s): {statistics.median(t for t, _ in r):.0f} PUT/s{share}, "
          f"{statistics.median(c for _, c in r):.2f} ms per PUT  {[t for t, _ in r]}")
PY
fi
