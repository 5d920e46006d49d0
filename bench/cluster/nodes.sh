# Shared by throughput.sh and idle.sh: starts Lux nodes of a WAR on loopback and free ports and
# measures their CPU. One node runs local (--nohazelcast); N > 1 nodes run clustered through
# bin/run-node (so with server-config/grid.properties) under a cluster name unique to the run, or,
# with UNCLUSTERED=1, as N independent local nodes: what N JVMs on these cores take without a grid.
# Expects $out (the output directory), LUX_API_KEY and LUX_JAVA_OPTS; sets ports=(…) per start.
source bench/cluster/wrk.sh   # free_port, load
payara=$(ls target/payara-micro-*.jar | head -n 1)
source bin/lib/payara-micro.sh   # micro_options: the options bin/run gives a node
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; pids=(); }
trap cleanup EXIT
cpu_ticks() { local t=0; for p in "${pids[@]}"; do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat"))); done; echo $t; }
# CPU ticks (1/100 s) of one JVM's JIT compiler threads.
jit_ticks() { # (the thread name holds a space: count fields after it)
  cat /proc/"$1"/task/*/stat 2>/dev/null | grep -E '\((C1|C2) CompilerThre' | sed 's/.*) //' \
    | awk '{t += $12 + $13} END {print t + 0}'
}
# Unmeasured load: at least MIN seconds, then on in 10 s steps until every node's JIT compiler took
# under 2 % of a core over the last step (or MAX seconds passed). Under a new load Payara's C2
# compiles for minutes, longer when JVMs share the cores; a measurement taken meanwhile counts the
# compiler's CPU as the server's. Prints how long it took.
warm_up() { # min max port...
  local min=$1 max=$2 start=$SECONDS busiest; shift 2
  load "$min" warm "$@"
  while :; do
    local before=() i=0
    for p in "${pids[@]}"; do before+=("$(jit_ticks "$p")"); done
    load 10 warm "$@"
    busiest=0
    for p in "${pids[@]}"; do
      busiest=$(( $(jit_ticks "$p") - before[i] > busiest ? $(jit_ticks "$p") - before[i] : busiest )); i=$((i+1))
    done
    # 2 % of a core over 10 s is 20 ticks
    if [ "$busiest" -lt 20 ] || [ $((SECONDS - start)) -ge "$max" ]; then
      echo "warm-up $((SECONDS - start)) s, the busiest JIT at $((busiest / 10)).$((busiest % 10)) % of a core in its last 10 s"
      return
    fi
  done
}
await_ready() { until grep -qs "ready in" "$out/$1.log"; do sleep 1; done; }

start_nodes() { # war count: starts them and waits until every one is ready
  local war=$1 n=$2 grids=() i
  ports=()
  for i in $(seq 1 "$n"); do grids+=("$(free_port)"); ports+=("$(free_port)"); done
  if [ "$n" = 1 ] || [ -n "${UNCLUSTERED:-}" ]; then
    for i in $(seq 0 $((n-1))); do
      micro_options "$out/local-N$i" 127.0.0.1 0   # bin/lib/payara-micro.sh, as bin/run's
      java $LUX_JAVA_OPTS -jar "$payara" "${micro[@]}" --deploy "$war" --contextroot / \
        --port "${ports[$i]}" --name "N$i" --nohazelcast > "$out/N$i.log" 2>&1 &
      pids+=($!)
    done
  else
    local members cluster="lux-bench-$RANDOM$RANDOM"
    members=$(printf '127.0.0.1:%s,' "${grids[@]}"); members=${members%,}
    for i in $(seq 0 $((n-1))); do
      LUX_CLUSTER_NAME="$cluster" LUX_WAR="$war" \
        bin/run-node "N$i" "${ports[$i]}" "${grids[$i]}" "$members" > "$out/N$i.log" 2>&1 &
      pids+=($!)
    done
  fi
  for i in $(seq 0 $((n-1))); do await_ready "N$i"; done
}
fill() { # port [docs]: that many documents (default $docs) in batches of 1000, lease and ttl a year off
  python3 - "$1" "${2:-$docs}" <<'PY'
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
