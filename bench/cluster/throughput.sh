#!/usr/bin/env bash
# Write throughput of one Lux node (local) vs two clustered nodes, with wrk PUTs (docs/BENCHMARKS.md).
#   bench/cluster/throughput.sh [WARM_SECONDS] [SECONDS]
# Builds nothing: run `mvn -B -q -DskipTests package` first. Binds 127.0.0.1 only, free ports.
set -euo pipefail
cd "$(dirname "$0")/../.."
warm=${1:-30} secs=${2:-20}
payara=$(ls target/payara-micro-*.jar | head -n 1)
out=target/bench-cluster; mkdir -p "$out"
export LUX_API_KEY="bench-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

start() { # name port extra-args...
  local name=$1 port=$2; shift 2
  java -Xmx1g ${JOPTS:-} -jar "$payara" --deploy target/lux.war --contextroot / --port "$port" --name "$name" \
    --disablephonehome --prebootcommandfile server-config/pre-boot-commands.txt \
    --postdeploycommandfile server-config/post-deploy-commands.txt "$@" \
    > "$out/$name.log" 2>&1 &
  pids+=($!)
}
await_ready() { until grep -qs "ready in" "$out/$1.log"; do sleep 1; done; }
load() { # seconds prefix port...
  local s=$1 prefix=$2; shift 2
  local i=0 runs=()
  for port in "$@"; do
    BENCH_PREFIX="$prefix$i" wrk -t1 -c16 -d"${s}s" --latency -s bench/cluster/put.lua "http://127.0.0.1:$port" > "$out/wrk-$prefix$i.txt" &
    runs+=($!); i=$((i+1))
  done
  wait "${runs[@]}"
}
report() { # label prefix count
  local total=0
  for i in $(seq 0 $(($3-1))); do
    r=$(awk '/Requests\/sec/ {print $2}' "$out/wrk-$2$i.txt")
    p50=$(awk '$1=="50%" {print $2}' "$out/wrk-$2$i.txt"); p99=$(awk '$1=="99%" {print $2}' "$out/wrk-$2$i.txt")
    non2xx=$(awk '/Non-2xx/ {print $5}' "$out/wrk-$2$i.txt")
    echo "  $1 node $i: $r req/s  p50 $p50  p99 $p99  non-2xx ${non2xx:-0}"
    total=$(python3 -c "print(round($total+$r))")
  done
  echo "$1 total: $total req/s   (load: $(uptime | sed 's/.*load average: //'))"
}

echo "== one node, lux.cluster=local (--nohazelcast)"
p=$(free_port); start solo "$p" --nohazelcast; await_ready solo
load "$warm" w "$p"; load "$secs" solo "$p"; report "one node" solo 1
cleanup; pids=()

echo "== two nodes, lux.cluster=hazelcast, wrk on each"
cluster="lux-bench-$RANDOM$RANDOM"; ga=$(free_port); gb=$(free_port); pa=$(free_port); pb=$(free_port)
members="127.0.0.1:$ga,127.0.0.1:$gb"
export JOPTS="-Dhazelcast.socket.bind.any=false -Dlux.cluster=hazelcast"
for n in A:$pa:$ga B:$pb:$gb; do
  IFS=: read -r name port grid <<< "$n"
  start "$name" "$port" --clustername "$cluster" --clustermode "tcpip:$members" --startport "$grid" \
    --interfaces 127.0.0.1 --nohostaware
done
await_ready A; await_ready B
load "$warm" w "$pa" "$pb"; load "$secs" duo "$pa" "$pb"; report "two nodes" duo 2
