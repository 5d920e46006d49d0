#!/usr/bin/env bash
# Idle cost of held documents: server CPU over quiet seconds, empty and then holding N documents
# whose leases and TTLs are far off, for one local node and for two clustered nodes
# (docs/BENCHMARKS.md, "Cluster").
#   bench/cluster/idle.sh [QUIET_SECONDS] [DOCUMENTS] [WAR ...]    (defaults: 20, 100000, target/lux.war)
#   NODES="1 2"   which sizes to run
# Builds nothing: run `mvn -B -q -DskipTests package` first. Binds 127.0.0.1 only, free ports.
set -euo pipefail
cd "$(dirname "$0")/../.."
quiet=${1:-20} docs=${2:-100000}
shift $(( $# > 2 ? 2 : $# ))
wars=("$@"); [ ${#wars[@]} -gt 0 ] || wars=(target/lux.war)
sizes=${NODES:-1 2}
payara=$(ls target/payara-micro-*.jar | head -n 1)
out=target/bench-idle; mkdir -p "$out"
export LUX_API_KEY="bench-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
export LUX_JAVA_OPTS="${LUX_JAVA_OPTS:--Xmx2g}"
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; pids=(); }
trap cleanup EXIT
cpu_ticks() { local t=0; for p in "${pids[@]}"; do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat"))); done; echo $t; }
await_ready() { until grep -qs "ready in" "$out/$1.log"; do sleep 1; done; }
quiet_cpu() { # seconds of server CPU over $quiet quiet seconds
  local t0 t1; t0=$(cpu_ticks); sleep "$quiet"; t1=$(cpu_ticks)
  python3 -c "print(f'{($t1-$t0)/100:.2f}')"
}
fill() { # port: $docs documents in batches of 1000, lease and ttl a year off
  python3 - "$1" "$docs" <<'PY'
import json, os, sys, urllib.request
port, docs = sys.argv[1], int(sys.argv[2])
for start in range(0, docs, 1000):
    writes = [{"id": f"idle-{i}", "op": "put", "lease": 31000000, "ttl": 31000000,
               "data": {"step": "waiting", "progress": 50}} for i in range(start, min(start + 1000, docs))]
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/lux/batch", data=json.dumps({"writes": writes}).encode(),
        method="POST", headers={"Authorization": "Bearer " + os.environ["LUX_API_KEY"],
                                "Content-Type": "application/json"})
    urllib.request.urlopen(request).read()
PY
}

for war in "${wars[@]}"; do
  for n in $sizes; do
    ports=()
    if [ "$n" = 1 ]; then
      ports=("$(free_port)")
      java $LUX_JAVA_OPTS -Dlux.max-documents=$((docs+1000)) -jar "$payara" --deploy "$war" \
        --contextroot / --port "${ports[0]}" --name N0 --nohazelcast --disablephonehome \
        --prebootcommandfile server-config/pre-boot-commands.txt \
        --postdeploycommandfile server-config/post-deploy-commands.txt > "$out/N0.log" 2>&1 &
      pids+=($!)
    else
      export LUX_CLUSTER_NAME="lux-idle-$RANDOM$RANDOM" LUX_JAVA_OPTS="$LUX_JAVA_OPTS -Dlux.max-documents=$((docs+1000))"
      grids=()
      for i in $(seq 1 "$n"); do grids+=("$(free_port)"); ports+=("$(free_port)"); done
      members=$(printf '127.0.0.1:%s,' "${grids[@]}"); members=${members%,}
      for i in $(seq 0 $((n-1))); do
        LUX_WAR="$war" bin/run-node "N$i" "${ports[$i]}" "${grids[$i]}" "$members" > "$out/N$i.log" 2>&1 &
        pids+=($!)
      done
    fi
    for i in $(seq 0 $((n-1))); do await_ready "N$i"; done
    sleep "$quiet"                       # let start-up work finish
    empty=$(quiet_cpu)
    fill "${ports[0]}"; sleep "$quiet"   # let the writes' own work (GC, JIT) finish
    full=$(quiet_cpu)
    printf '%s  %d node(s): %s s CPU per %s quiet s empty, %s s holding %d documents (%sx), load %s\n' \
      "$(basename "$war")" "$n" "$empty" "$quiet" "$full" "$docs" \
      "$(python3 -c "print(round($full/max($empty,0.01),2))")" "$(cut -d' ' -f1-3 /proc/loadavg)"
    cleanup
  done
done
