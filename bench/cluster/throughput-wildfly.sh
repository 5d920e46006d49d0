#!/usr/bin/env bash
# Write throughput of one Lux node (local) vs two clustered nodes on WildFly 38, with wrk PUTs, as
# throughput.sh measures Payara (docs/BENCHMARKS.md).
#   bench/cluster/throughput-wildfly.sh [WARM_SECONDS] [SECONDS]
# Builds nothing: run `mvn -B -q -DskipTests package` and have WildFly unpacked under
# target/servers (any `mvn verify` of the ITs does it). Binds 127.0.0.1 only, free port offsets.
# One node: standalone-microprofile.xml, lux.cluster=auto (local). Two nodes:
# standalone-microprofile-ha.xml, the TCP stack with TCPPING and server-config/wildfly-cluster.cli,
# as README's "Run clustered on WildFly" says.
set -euo pipefail
cd "$(dirname "$0")/../.."
warm=${1:-30} secs=${2:-20}
home=$(ls -d target/servers/wildfly-*/wildfly-* | head -n 1)
out=target/bench-cluster-wildfly; rm -rf "$out"; mkdir -p "$out"
export LUX_API_KEY="bench-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
source bench/cluster/wrk.sh
pids=()
cleanup() {
  for p in "${pids[@]}"; do pkill -TERM -P "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
cli() { # offset args...
  local off=$1; shift
  JAVA_OPTS="-XX:TieredStopAtLevel=1" "$home/bin/jboss-cli.sh" --controller="remote+http://127.0.0.1:$((9990+off))" --connect "$@" > /dev/null
}
boots() { grep -c WFLYSRV0025 "$out/$1.log" 2>/dev/null || true; }
await_boot() { # name boots-before
  until [ "$(boots "$1")" -gt "$2" ]; do sleep 1; done
}
start() { # name offset profile
  rm -rf "$out/$1-base"; cp -r "$home/standalone" "$out/$1-base"
  LAUNCH_JBOSS_IN_BACKGROUND=1 JAVA_OPTS="-Xmx1g -Djava.net.preferIPv4Stack=true" \
    "$home/bin/standalone.sh" -c "$3" -b 127.0.0.1 -bmanagement 127.0.0.1 -bprivate 127.0.0.1 \
    -Djboss.node.name="$1" -Djboss.socket.binding.port-offset="$2" -Djboss.server.base.dir="$PWD/$out/$1-base" \
    > "$out/$1.log" 2>&1 &
  pids+=($!)
  await_boot "$1" 0
}
await_deployed() { until grep -qs 'Deployed "lux.war"' "$out/$1.log"; do sleep 1; done; }
offset() { python3 -c 'import random;print(random.randint(10,70)*100)'; }

echo "== one node, standalone-microprofile.xml, lux.cluster=auto (local)"
o=$(offset); start solo "$o" standalone-microprofile.xml
cli "$o" --file=server-config/wildfly.cli; await_deployed solo
grep -o 'Lux cluster: [^(]*([^)]*)' "$out/solo.log"
load "$warm" w $((8080+o)); load "$secs" solo $((8080+o)); report "one node" solo 1
cleanup; pids=()

echo "== two nodes, standalone-microprofile-ha.xml, Infinispan, wrk on each"
cluster="lux-bench-$RANDOM$RANDOM"; oa=$(offset); ob=$((oa+100))
cat > "$out/tcp-stack.cli" <<CLI
batch
/socket-binding-group=standard-sockets/remote-destination-outbound-socket-binding=lux-member-a:add(host=127.0.0.1, port=$((7600+oa)))
/socket-binding-group=standard-sockets/remote-destination-outbound-socket-binding=lux-member-b:add(host=127.0.0.1, port=$((7600+ob)))
/socket-binding-group=standard-sockets/socket-binding=jgroups-tcp-fd:add(interface=private, port=57600)
/subsystem=jgroups/stack=tcp/protocol=MPING:remove()
/subsystem=jgroups/stack=tcp/protocol=TCPPING:add(add-index=1, socket-bindings=[lux-member-a, lux-member-b])
/subsystem=jgroups/stack=tcp/protocol=FD_SOCK2:add(add-index=3, socket-binding=jgroups-tcp-fd)
/subsystem=jgroups/channel=ee:write-attribute(name=stack, value=tcp)
/subsystem=jgroups/channel=ee:write-attribute(name=cluster, value=$cluster)
run-batch
CLI
for n in a:$oa b:$ob; do
  IFS=: read -r name off <<< "$n"
  start "$name" "$off" standalone-microprofile-ha.xml
  cli "$off" --file="$out/tcp-stack.cli"; cli "$off" --file=server-config/wildfly-cluster.cli
  before=$(boots "$name"); cli "$off" --command=reload; await_boot "$name" "$before"
  cli "$off" --file=server-config/wildfly.cli; await_deployed "$name"
  grep -o 'Lux cluster: .*' "$out/$name.log"
done
load "$warm" w $((8080+oa)) $((8080+ob)); load "$secs" duo $((8080+oa)) $((8080+ob)); report "two nodes" duo 2
