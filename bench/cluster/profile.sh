#!/usr/bin/env bash
# Where a clustered node's CPU goes: two nodes (bin/run-node) under the throughput script's PUT load,
# or idle, recorded with JDK Flight Recorder and summarized by thread group, top frames and Lux's own
# frames (docs/BENCHMARKS.md, "Cluster").
#   bench/cluster/profile.sh load|idle [WARM_SECONDS] [SECONDS] [WAR]
# Builds nothing: run `mvn -B -q -DskipTests package` first. Binds 127.0.0.1 only, free ports.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-load} warm=${2:-30} secs=${3:-20} war=${4:-target/lux.war}
out=target/bench-profile/$mode; rm -rf "$out"; mkdir -p "$out"
export LUX_API_KEY="bench-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
export LUX_JAVA_OPTS="${LUX_JAVA_OPTS:--Xmx1g} -XX:FlightRecorderOptions:stackdepth=256"
export LUX_CLUSTER_NAME="lux-profile-$RANDOM$RANDOM"
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
ga=$(free_port); gb=$(free_port); pa=$(free_port); pb=$(free_port)
for n in A:$pa:$ga B:$pb:$gb; do
  IFS=: read -r name port grid <<< "$n"
  LUX_WAR="$war" bin/run-node "$name" "$port" "$grid" "127.0.0.1:$ga,127.0.0.1:$gb" > "$out/$name.log" 2>&1 &
  pids+=($!)
done
until grep -qs "ready in" "$out/A.log" && grep -qs "ready in" "$out/B.log"; do sleep 1; done
wrk_on_both() { # seconds label
  local runs=() i=0
  for port in $pa $pb; do
    BENCH_PREFIX="$2$i" wrk -t1 -c16 -d"$1s" --latency -s bench/cluster/put.lua "http://127.0.0.1:$port" \
      > "$out/wrk-$2$i.txt" & runs+=($!); i=$((i+1))
  done
  wait "${runs[@]}"
}
if [ "$mode" = load ]; then wrk_on_both "$warm" warm; else sleep "$warm"; fi
for p in "${pids[@]}"; do jcmd "$p" JFR.start name=lux settings=profile filename="$PWD/$out/$p.jfr" > /dev/null; done
if [ "$mode" = load ]; then wrk_on_both "$secs" run; grep -h "Requests/sec" "$out"/wrk-run*.txt; else sleep "$secs"; fi
for p in "${pids[@]}"; do jcmd "$p" JFR.stop name=lux > /dev/null; done
for f in "$out"/*.jfr; do echo "== $f"; python3 bench/cluster/jfr-summary.py "$f"; done
