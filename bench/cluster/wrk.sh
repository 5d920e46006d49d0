# Shared by throughput.sh (Payara) and throughput-wildfly.sh: free ports, wrk PUT load on each
# node at once (put.lua), and the report line per node and in total, with the machine's load.
# Expects $out (the output directory) and LUX_API_KEY.
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
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

