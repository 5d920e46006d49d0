# Shared by throughput.sh and idle.sh: starts Lux nodes of a WAR on loopback and free ports and
# measures their CPU. One node runs local (--nohazelcast); N > 1 nodes run clustered through
# bin/run-node (so with server-config/grid.properties) under a cluster name unique to the run.
# Expects $out (the output directory), LUX_API_KEY and LUX_JAVA_OPTS; sets ports=(…) per start.
source bench/cluster/wrk.sh   # free_port, load
payara=$(ls target/payara-micro-*.jar | head -n 1)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; pids=(); }
trap cleanup EXIT
cpu_ticks() { local t=0; for p in "${pids[@]}"; do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat"))); done; echo $t; }
await_ready() { until grep -qs "ready in" "$out/$1.log"; do sleep 1; done; }

start_nodes() { # war count: starts them and waits until every one is ready
  local war=$1 n=$2 grids=() i
  ports=()
  for i in $(seq 1 "$n"); do grids+=("$(free_port)"); ports+=("$(free_port)"); done
  if [ "$n" = 1 ]; then
    java $LUX_JAVA_OPTS -jar "$payara" --deploy "$war" --contextroot / --port "${ports[0]}" --name N0 \
      --nohazelcast --disablephonehome --prebootcommandfile server-config/pre-boot-commands.txt \
      --postdeploycommandfile server-config/post-deploy-commands.txt > "$out/N0.log" 2>&1 &
    pids+=($!)
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
