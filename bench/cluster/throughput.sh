#!/usr/bin/env bash
# Write throughput of one Lux node (local) against two (and three) clustered nodes, wrk PUTs on
# every node, each WAR given measured in turn in the same run (docs/BENCHMARKS.md, "Cluster").
#   bench/cluster/throughput.sh [WARM_SECONDS] [SECONDS] [WAR ...]     (default WAR: target/lux.war)
#   NODES="1 2 3"   which sizes to run (default "1 2")
# Builds nothing: run `mvn -B -q -DskipTests package` first. Clustered nodes start with bin/run-node
# (so with server-config/grid.properties). Binds 127.0.0.1 only, free ports, a unique cluster name.
set -euo pipefail
cd "$(dirname "$0")/../.."
warm=${1:-30} secs=${2:-20}
shift $(( $# > 2 ? 2 : $# ))
wars=("$@"); [ ${#wars[@]} -gt 0 ] || wars=(target/lux.war)
sizes=${NODES:-1 2}
payara=$(ls target/payara-micro-*.jar | head -n 1)
out=target/bench-cluster; mkdir -p "$out"
export LUX_API_KEY="bench-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
export LUX_JAVA_OPTS="${LUX_JAVA_OPTS:--Xmx1g}"
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; pids=(); }
trap cleanup EXIT
cpu_ticks() { local t=0; for p in "${pids[@]}"; do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat"))); done; echo $t; }
await_ready() { until grep -qs "ready in" "$out/$1.log"; do sleep 1; done; }

load() { # seconds label ports...
  local s=$1 label=$2; shift 2
  local i=0 runs=()
  for port in "$@"; do
    BENCH_PREFIX="$label$i" wrk -t1 -c16 -d"${s}s" --latency -s bench/cluster/put.lua \
      "http://127.0.0.1:$port" > "$out/wrk-$label$i.txt" &
    runs+=($!); i=$((i+1))
  done
  wait "${runs[@]}"
}

measure() { # war nodes ports...
  local war=$1 n=$2; shift 2
  load "$warm" warm "$@"
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
  printf '%s  %d node(s): %6d PUT/s in total, server CPU %s ms per PUT, load %s\n%s' \
    "$(basename "$war")" "$n" "$total" "$cpu_ms" "$(cut -d' ' -f1-3 /proc/loadavg)" "$detail"
}

for war in "${wars[@]}"; do
  for n in $sizes; do
    if [ "$n" = 1 ]; then
      p=$(free_port)
      java $LUX_JAVA_OPTS -jar "$payara" --deploy "$war" --contextroot / --port "$p" --name solo \
        --nohazelcast --disablephonehome --prebootcommandfile server-config/pre-boot-commands.txt \
        --postdeploycommandfile server-config/post-deploy-commands.txt \
        > "$out/solo.log" 2>&1 &
      pids+=($!); await_ready solo
      measure "$war" 1 "$p"
    else
      export LUX_CLUSTER_NAME="lux-bench-$RANDOM$RANDOM"
      grids=() ports=()
      for i in $(seq 1 "$n"); do grids+=("$(free_port)"); ports+=("$(free_port)"); done
      members=$(printf '127.0.0.1:%s,' "${grids[@]}"); members=${members%,}
      for i in $(seq 0 $((n-1))); do
        LUX_WAR="$war" bin/run-node "N$i" "${ports[$i]}" "${grids[$i]}" "$members" > "$out/N$i.log" 2>&1 &
        pids+=($!)
      done
      for i in $(seq 0 $((n-1))); do await_ready "N$i"; done
      measure "$war" "$n" "${ports[@]}"
    fi
    cleanup
  done
done
