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
source bench/cluster/nodes.sh   # start_nodes, load
start_nodes "$war" 2
pa=${ports[0]} pb=${ports[1]}
if [ "$mode" = load ]; then load "$warm" warm $pa $pb; else sleep "$warm"; fi
for p in "${pids[@]}"; do jcmd "$p" JFR.start name=lux settings=profile filename="$PWD/$out/$p.jfr" > /dev/null; done
if [ "$mode" = load ]; then load "$secs" run $pa $pb; grep -h "Requests/sec" "$out"/wrk-run*.txt; else sleep "$secs"; fi
for p in "${pids[@]}"; do jcmd "$p" JFR.stop name=lux > /dev/null; done
for f in "$out"/*.jfr; do echo "== $f"; python3 bench/cluster/jfr-summary.py "$f"; done
