#!/usr/bin/env bash
# What the stream's catch-up costs after a cluster change, with many documents held: three
# clustered nodes holding DOCUMENTS documents; one is stopped (SIGTERM), and the two left each read
# the store again 1, 2, 4, 8 and 16 s later (CatchUp). Prints each read's time from the nodes' logs
# and the two nodes' CPU over the WINDOW seconds after the stop, against the same quiet span before
# it (docs/BENCHMARKS.md, "Cluster").
#   bench/cluster/catchup.sh [DOCUMENTS] [WINDOW] [WAR ...]   (defaults: 100000, 35, target/lux.war)
# Builds nothing: run `mvn -B -q -DskipTests package` first. Binds 127.0.0.1 only, free ports.
set -euo pipefail
cd "$(dirname "$0")/../.."
docs=${1:-100000} window=${2:-35}
shift $(( $# > 2 ? 2 : $# ))
wars=("$@"); [ ${#wars[@]} -gt 0 ] || wars=(target/lux.war)
out=target/bench-catchup; mkdir -p "$out"
export LUX_API_KEY="bench-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
export LUX_JAVA_OPTS="${LUX_JAVA_OPTS:--Xmx2g} -Dlux.max-documents=$((docs + 1000))"
source bench/cluster/nodes.sh   # start_nodes, fill, cleanup
ticks_of() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat"))); done; echo $t; }

for war in "${wars[@]}"; do
  start_nodes "$war" 3
  fill "${ports[0]}"
  sleep 30   # the fill's own work (GC, JIT, backups) settles
  stay=("${pids[0]}" "${pids[1]}")
  t0=$(ticks_of "${stay[@]}"); sleep "$window"; t1=$(ticks_of "${stay[@]}")
  kill "${pids[2]}"
  t2=$(ticks_of "${stay[@]}"); sleep "$window"; t3=$(ticks_of "${stay[@]}")
  printf '%s  %d documents: the two nodes left used %s s of CPU in the %s s after a member left (%s s in the same span before); load %s\n' \
    "$(basename "$war")" "$docs" "$(python3 -c "print(($t3-$t2)/100)")" "$window" \
    "$(python3 -c "print(($t1-$t0)/100)")" "$(cut -d' ' -f1-3 /proc/loadavg)"
  for i in 0 1; do
    echo "  N$i catch-up reads:" $(grep -ho "catch-up after a cluster change read [0-9]* documents in [0-9]* ms" "$out/N$i.log" \
      | awk '{print $7 " docs/" $10 " ms"}' | tr '\n' ' ')
  done
  cleanup
done
