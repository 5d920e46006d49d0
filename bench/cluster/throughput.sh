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
source bench/cluster/wrk.sh
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

start() { # name port extra-args...
  local name=$1 port=$2; shift 2
  java -Xmx1g ${JOPTS:-} -jar "$payara" --deploy target/lux.war --contextroot / --port "$port" --name "$name" \
    --disablephonehome --prebootcommandfile server-config/pre-boot-commands.txt "$@" \
    > "$out/$name.log" 2>&1 &
  pids+=($!)
}
await_ready() { until grep -qs "ready in" "$out/$1.log"; do sleep 1; done; }
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
