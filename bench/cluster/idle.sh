#!/usr/bin/env bash
# Idle cost of held documents: server CPU over quiet seconds, empty and then holding N documents
# whose leases and TTLs are far off, for one local node and for two clustered nodes
# (docs/BENCHMARKS.md, "Cluster").
#   bench/cluster/idle.sh [QUIET_SECONDS] [DOCUMENTS] [WAR ...]    (defaults: 20, 100000, target/lux.war)
#   NODES="1 2"   which sizes to run;  SETTLE=60  seconds to wait after start and after filling (default QUIET_SECONDS)
# Builds nothing: run `mvn -B -q -DskipTests package` first. Binds 127.0.0.1 only, free ports.
set -euo pipefail
cd "$(dirname "$0")/../.."
quiet=${1:-20} docs=${2:-100000}
shift $(( $# > 2 ? 2 : $# ))
wars=("$@"); [ ${#wars[@]} -gt 0 ] || wars=(target/lux.war)
sizes=${NODES:-1 2}
out=target/bench-idle; mkdir -p "$out"
export LUX_API_KEY="bench-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
export LUX_JAVA_OPTS="${LUX_JAVA_OPTS:--Xmx2g}"
java_opts=$LUX_JAVA_OPTS
source bench/cluster/nodes.sh   # start_nodes, cpu_ticks, cleanup, fill
quiet_cpu() { # seconds of server CPU over $quiet quiet seconds
  local t0 t1; t0=$(cpu_ticks); sleep "$quiet"; t1=$(cpu_ticks)
  python3 -c "print(f'{($t1-$t0)/100:.2f}')"
}

for war in "${wars[@]}"; do
  for n in $sizes; do
    LUX_JAVA_OPTS="$java_opts -Dlux.max-documents=$((docs+1000))" start_nodes "$war" "$n"
    sleep "${SETTLE:-$quiet}"            # let start-up work (JIT, partition moves) finish
    empty=$(quiet_cpu)
    fill "${ports[0]}"; sleep "${SETTLE:-$quiet}"   # let the writes' own work (GC, JIT) finish
    full=$(quiet_cpu)
    printf '%s  %d node(s): %s s CPU per %s quiet s empty, %s s holding %d documents (%sx), load %s\n' \
      "$(basename "$war")" "$n" "$empty" "$quiet" "$full" "$docs" \
      "$(python3 -c "print(round($full/max($empty,0.01),2))")" "$(cut -d' ' -f1-3 /proc/loadavg)"
    cleanup
  done
done
