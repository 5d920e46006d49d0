#!/usr/bin/env python3
"""A network split, measured: three Lux nodes, each in a Linux network namespace made here with its
own address on a private bridge (nothing leaves the machine). Writers write to the majority (A, B)
with acknowledgements the whole time; the link of node C is cut with `ip link set ... down` for CUT
seconds, then restored. During the split a probe writes to C (from inside its namespace) and must be
refused; subscribers (src/test/fault/subscribers.js under Node) follow the documents on A and on C.
After the heal: every acknowledged version (or a newer one) is read back on every node, and every
subscriber must end on the newest state. Exits 1 if a write was lost, the minority answered anything
but 503 problem+json with Retry-After, nodes answer a document differently after the heal, or a
subscriber was left off the newest state.
With --nodes 2, B is cut off from A and neither side has a majority: A's writers meet refusals too.

    sudo bench/cluster/split.py [--server payara|wildfly] [--nodes 2|3] [CUT_SECONDS]  (root only)

payara (default): bin/run-node on Payara Micro's data grid, bridge 10.221.0.0/24.
wildfly: WildFly 38 from target/servers (any `mvn verify` of a WildFly IT unpacks it), set up as
README "Run clustered on WildFly" says: standalone-microprofile-ha.xml, JGroups bound to the node's
namespace address (-bprivate), TCPPING over the nodes' addresses, a cluster name unique to the run,
server-config/wildfly-cluster.cli, Lux deployed on A first and on each other once it is ready; bridge
10.222.0.0/24 (LUX_SPLIT_SUBNET=10.223.0 another), so it may run beside a Payara split.
Both need `mvn -B -q -DskipTests package` and `npm ci` (for subscribers.js) first; LUX_WAR runs
another build instead of target/lux.war (for WildFly, a file named lux.war).
"""
import argparse, glob, json, os, random, re, secrets, signal, subprocess, sys, threading, time
import urllib.error, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TAG = str(os.getpid() % 10000)
BRIDGE = "lsb" + TAG
KEY = "split-" + secrets.token_hex(8)
IDS = ["split-%s-%d" % (TAG, i) for i in range(40)]
MINORITY_IDS = ["split-%s-minority-%d" % (TAG, i) for i in range(3)]
OUT = os.path.join(ROOT, "target", "bench-split")
namespaces, host_procs = [], []


def sh(*command):
    subprocess.run(command, check=True)


def ns(node):
    return "lsplit-%s-%s" % (node.lower(), TAG)


def host_end(node):
    return "ls%s%sh" % (node.lower(), TAG)


def in_ns(node, *command):
    return ["ip", "netns", "exec", ns(node)] + list(command)


class Payara:
    """bin/run-node per namespace: Hazelcast bound to the namespace address, the others listed."""

    subnet, ready_port = "10.221.0", 8080

    def __init__(self, nodes):
        self.nodes = nodes

    def start(self):
        members = ",".join(address + ":5701" for address in self.nodes.values())
        env = dict(os.environ, LUX_API_KEY=KEY, LUX_CLUSTER_NAME="lux-split-" + TAG,
                   LUX_BIND="0.0.0.0", LUX_JAVA_OPTS="-Xmx512m -XX:TieredStopAtLevel=1"
                                                     " -XX:+UseSerialGC")
        for node, address in self.nodes.items():
            log = open(os.path.join(OUT, node + ".log"), "w")
            subprocess.Popen(in_ns(node, os.path.join(ROOT, "bin", "run-node"), node, "8080",
                                   "5701", members), env=dict(env, LUX_GRID_BIND=address),
                             stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        wait(lambda: all(ready(n) for n in self.nodes), 600, "every node ready")

    def healed(self):
        pass

    def back(self, node):
        return ready(node)


class WildFly:
    """WildFly 38 per namespace, set up and deployed as README "Run clustered on WildFly" says."""

    # WildFly serves /health on its management port; LUX_SPLIT_SUBNET (e.g. 10.223.0) lets a second
    # WildFly split run beside this one from another checkout
    subnet, ready_port = os.environ.get("LUX_SPLIT_SUBNET", "10.222.0"), 9990
    BOOTED = "WFLYSRV0025"
    # after a rebalance, or after a merge that needed none (two nodes: both sides kept the members)
    SETTLED = re.compile(r"\[Context=documents\] ISPN1000(?:10: Finished rebalance|13: Finished"
                         r" conflict resolution) with members \[([^\]]*)\]")

    def __init__(self, nodes):
        self.nodes = nodes
        homes = glob.glob(os.path.join(ROOT, "target", "servers", "wildfly-*", "wildfly-*"))
        if not homes:
            raise SystemExit("no WildFly under target/servers: run a WildFly IT's mvn verify once")
        self.home = homes[0]
        self.cluster = "lux-split-%s-%s" % (TAG, secrets.token_hex(3))
        self.heal_marks = {}

    def start(self):
        for node, address in self.nodes.items():
            base = os.path.join(OUT, node + "-base")
            subprocess.run(["rm", "-rf", base], check=True)
            subprocess.run(["cp", "-r", os.path.join(self.home, "standalone"), base], check=True)
            log = open(self.log(node), "w")
            subprocess.Popen(
                in_ns(node, os.path.join(self.home, "bin", "standalone.sh"),
                      "-c", "standalone-microprofile-ha.xml", "-b", "0.0.0.0",
                      "-bmanagement", "0.0.0.0", "-bprivate", address,
                      "-Djboss.node.name=" + node.lower(), "-Djboss.server.base.dir=" + base,
                      "-Dlux.cluster=infinispan"),
                env=dict(os.environ, LUX_API_KEY=KEY, LAUNCH_JBOSS_IN_BACKGROUND="1",
                         JAVA_OPTS="-Xmx768m -XX:MaxMetaspaceSize=256m -XX:TieredStopAtLevel=1"
                                   " -XX:+UseSerialGC -Djava.net.preferIPv4Stack=true"),
                stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        stack = self.tcp_stack()
        for node in self.nodes:
            wait(lambda: self.count(node, self.BOOTED) >= 1, 600, node + " booted")
            self.cli(node, "--file=" + stack)
            self.cli(node, "--file=server-config/wildfly-cluster.cli")
            boots = self.count(node, self.BOOTED)
            self.cli(node, "--command=reload")
            wait(lambda: self.count(node, self.BOOTED) > boots, 600, node + " reloaded")
        # On A first, then on each other node once the one before is ready (README says why).
        war = os.environ.get("LUX_WAR")  # another build to compare, named lux.war
        for node in self.nodes:
            self.cli(node, "--command=deploy %s --force" % os.path.abspath(war) if war
                     else "--file=server-config/wildfly.cli")
            wait(lambda: ready(node), 600, node + " ready")
        wait(lambda: self.in_one_cache(0), 120, "one documents cache of every node")

    def tcp_stack(self):
        """README's JGroups commands: TCPPING over the nodes' addresses, no MPING, FD_SOCK2."""
        members = ["lux-member-" + node.lower() for node in self.nodes]
        lines = ["batch"] + [
            "/socket-binding-group=standard-sockets/remote-destination-outbound-socket-binding="
            "%s:add(host=%s, port=7600)" % (member, address)
            for member, address in zip(members, self.nodes.values())] + [
            "/socket-binding-group=standard-sockets/socket-binding=jgroups-tcp-fd:add("
            "interface=private, port=57600)",
            "/subsystem=jgroups/stack=tcp/protocol=MPING:remove()",
            "/subsystem=jgroups/stack=tcp/protocol=TCPPING:add(add-index=1, socket-bindings=[%s])"
            % ", ".join(members),
            "/subsystem=jgroups/stack=tcp/protocol=FD_SOCK2:add(add-index=3,"
            " socket-binding=jgroups-tcp-fd)",
            "/subsystem=jgroups/channel=ee:write-attribute(name=stack, value=tcp)",
            "/subsystem=jgroups/channel=ee:write-attribute(name=cluster, value=%s)" % self.cluster,
            "run-batch", ""]
        path = os.path.join(OUT, "tcp-stack.cli")
        with open(path, "w") as file:
            file.write("\n".join(lines))
        return path

    def cli(self, node, argument):
        """The management CLI from inside the node's namespace, from the project directory."""
        subprocess.run(in_ns(node, os.path.join(self.home, "bin", "jboss-cli.sh"),
                             "--controller=remote+http://127.0.0.1:9990", "--connect",
                             "--timeout=30000", argument),
                       env=dict(os.environ, JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"),
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)

    def log(self, node):
        return os.path.join(OUT, node + ".log")

    def text(self, node):
        with open(self.log(node), encoding="latin-1") as file:
            return re.sub(r"\x1b\[[0-9;]*m", "", file.read())

    def count(self, node, text):
        return self.text(node).count(text)

    def in_one_cache(self, since):
        """Whether a node logged, after `since` such lines of it, that the documents cache settled
        over every node."""
        everyone = {node.lower() for node in self.nodes}
        for node in self.nodes:
            rebalances = self.SETTLED.findall(self.text(node))
            marks = self.heal_marks.get(node, 0) if since is None else since
            if any(set(members.split(", ")) == everyone for members in rebalances[marks:]):
                return True
        return False

    def healed(self):
        self.heal_marks = {node: len(self.SETTLED.findall(self.text(node)))
                           for node in self.nodes}

    def back(self, node):
        """Ready, and the cluster has rebalanced the documents cache over every node since the
        heal."""
        return ready(node) and self.in_one_cache(None)


def network(nodes):
    sh("ip", "link", "add", BRIDGE, "type", "bridge")
    sh("ip", "addr", "add", SERVER.subnet + ".1/24", "dev", BRIDGE)
    sh("ip", "link", "set", BRIDGE, "up")
    for node, address in nodes.items():
        inside = "ls%s%sn" % (node.lower(), TAG)
        sh("ip", "netns", "add", ns(node))
        namespaces.append(ns(node))
        sh("ip", "link", "add", host_end(node), "type", "veth", "peer", "name", inside)
        sh("ip", "link", "set", inside, "netns", ns(node))
        sh("ip", "link", "set", host_end(node), "master", BRIDGE, "up")
        sh(*in_ns(node, "ip", "addr", "add", address + "/24", "dev", inside))
        sh(*in_ns(node, "ip", "link", "set", inside, "up"))
        sh(*in_ns(node, "ip", "link", "set", "lo", "up"))


def pids_in(name):
    out = subprocess.run(["ip", "netns", "pids", name], capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


def signal_all(pids, number):
    for pid in pids:
        try:
            os.kill(pid, number)
        except ProcessLookupError:
            pass


def cleanup():
    """Stops every process this run started (the servers, their launch scripts and the probes all
    live in its namespaces; the subscribers on A on the host), then removes the network."""
    for proc in host_procs:
        if proc.poll() is None:
            proc.terminate()
    for name in namespaces:
        signal_all(pids_in(name), signal.SIGTERM)
    deadline = time.time() + 60
    while time.time() < deadline and any(pids_in(name) for name in namespaces):
        time.sleep(1)
    for name in namespaces:
        signal_all(pids_in(name), signal.SIGKILL)
    for proc in host_procs:
        if proc.poll() is None:
            proc.kill()
    time.sleep(1)
    for name in namespaces:
        subprocess.run(["ip", "netns", "del", name])
    subprocess.run(["ip", "link", "del", BRIDGE], stderr=subprocess.DEVNULL)


def call(method, url, body=None, timeout=30):
    request = urllib.request.Request(url, method=method, data=body and body.encode(),
                                     headers={"Authorization": "Bearer " + KEY,
                                              "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, answer.read().decode(), dict(answer.headers)
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode(), dict(refused.headers)
    except OSError:
        return None, "", {}


def ready(node):
    status, _, _ = call("GET", "http://%s:%d/health/ready" % (NODES[node], SERVER.ready_port),
                        timeout=5)
    return status == 200


def ready_inside(node):
    out = subprocess.run(in_ns(node, "curl", "-s", "-o", "/dev/null", "-m", "5", "-w",
                               "%{http_code}", "http://127.0.0.1:%d/health/ready"
                               % SERVER.ready_port), capture_output=True, text=True).stdout
    return out == "200"


def wait(condition, limit, what):
    deadline = time.time() + limit
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise SystemExit("timed out waiting for " + what)


class Writers:
    """Writes at ~25/s to each node of the other side, remembering the newest acknowledged version
    per id."""

    def __init__(self):
        self.acked, self.counts, self.lock, self.ack_times = {}, {}, threading.Lock(), []
        self.running, self.last_ack, self.longest_gap = True, time.time(), 0.0
        self.threads = [threading.Thread(target=self.run, args=(n,)) for n in OTHERS]
        for thread in self.threads:
            thread.start()

    def run(self, node):
        while self.running:
            item = random.choice(IDS)
            status, body, _ = call("PUT", "http://%s:8080/api/lux/%s" % (NODES[node], item),
                                   json.dumps({"data": {"at": time.time()}}))
            with self.lock:
                if status in (200, 201):
                    version = json.loads(body)["version"]
                    self.acked[item] = max(version, self.acked.get(item, 0))
                    now = time.time()
                    self.ack_times.append(now)
                    self.longest_gap = max(self.longest_gap, now - self.last_ack)
                    self.last_ack = now
                    outcome = "accepted"
                else:
                    outcome = "refused %s" % status if status else "no answer"
                self.counts[outcome] = self.counts.get(outcome, 0) + 1
            time.sleep(0.04)

    def take(self):
        """The outcomes and the longest time without an acknowledgement since the last take (a
        stall still going on counts up to now)."""
        with self.lock:
            gap = max(self.longest_gap, time.time() - self.last_ack)
            taken = dict(self.counts)
            self.counts, self.longest_gap = {}, 0.0
        return taken, round(gap * 1000)

    def per_second(self, start, end, step=5):
        """Acknowledgements in each `step` seconds from `start` to `end`."""
        with self.lock:
            times = list(self.ack_times)
        return [sum(1 for t in times if start + i <= t < min(start + i + step, end))
                for i in range(0, int(end - start), step)]

    def stop(self):
        self.running = False
        for thread in self.threads:
            thread.join()


HONEST = re.compile(r"^503 application/problem\+json retry-after=\d+$")


def minority_probe(until, acked):
    """PUTs to C from inside its namespace until the heal, three at a time (so that some are in
    flight when C drops the others): what the minority answers (000: no answer within 20 s, longer
    than a WildFly node waits for the cluster before it answers 503, or none before the heal).
    Each writes a document of its own, so that a write the minority acknowledged (it must not) is
    checked after the heal like the writers' (into `acked`)."""
    answers, lock = {}, threading.Lock()

    def probe(item):
        while time.time() < until - 1:
            out = subprocess.run(in_ns(
                CUT_NODE, "curl", "-s", "-m", "%.1f" % min(20, until - time.time()), "-w",
                "\n%{http_code} %{content_type} retry-after=%header{retry-after}", "-X", "PUT",
                "-H", "Authorization: Bearer " + KEY, "-H", "Content-Type: application/json",
                "-d", '{"data":{"minority":true}}', "http://127.0.0.1:8080/api/lux/" + item),
                capture_output=True, text=True).stdout
            body, _, answer = out.rpartition("\n")
            with lock:
                if answer.startswith("20"):
                    acked[item] = json.loads(body)["version"]
                answers[answer] = answers.get(answer, 0) + 1
            time.sleep(0.5)

    probes = [threading.Thread(target=probe, args=(item,)) for item in MINORITY_IDS]
    for thread in probes:
        thread.start()
    for thread in probes:
        thread.join()
    return answers


def subscribers(node, inside):
    base = "http://127.0.0.1:8080/api/lux" if inside else "http://%s:8080/api/lux" % NODES[node]
    command = ["node", os.path.join(ROOT, "src", "test", "fault", "subscribers.js"), base, "50",
               "2", "split-%s-" % TAG, str(len(IDS))]
    if inside:
        command = in_ns(node, *command)
    proc = subprocess.Popen(command, env=dict(os.environ, LUX_API_KEY=KEY), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    if not inside:
        host_procs.append(proc)
    if proc.stdout.readline().strip() != "ready":
        raise SystemExit("subscribers on %s did not start" % node)
    return proc


def report(proc):
    proc.stdin.write("report\n")
    proc.stdin.flush()
    return json.loads(proc.stdout.readline())


def main():
    network(NODES)
    SERVER.start()
    for item in IDS:
        call("PUT", "http://%s:8080/api/lux/%s" % (NODES["A"], item), '{"data":{}}')
    watchers = {"A": subscribers("A", False), CUT_NODE: subscribers(CUT_NODE, True)}
    writers = Writers()
    time.sleep(10)
    print("before the split: writes %s, longest time without an acknowledged write %d ms"
          % writers.take(), flush=True)
    sh("ip", "link", "set", host_end(CUT_NODE), "down")
    cut_at = time.time()
    down_at = {}
    threading.Thread(target=lambda: wait(lambda: not ready_inside(CUT_NODE) and down_at.setdefault(
        CUT_NODE, time.time() - cut_at) is not None, CUT, "readiness DOWN")).start()
    minority_acked = {}
    probe = minority_probe(cut_at + CUT, minority_acked)
    time.sleep(max(0, CUT - (time.time() - cut_at)))
    print("during the %d s split: writes on the other side (%s) %s, longest time without an"
          " acknowledged write %d ms" % ((CUT, ", ".join(OTHERS)) + writers.take()))
    dishonest = {answer: n for answer, n in probe.items()
                 if not HONEST.match(answer) and not answer.startswith("000")}
    print("during the split: the minority (%s) answered PUTs with %s; its /health/ready went DOWN"
          " %s s after the cut" % (CUT_NODE, probe, round(down_at.get(CUT_NODE, -1), 1)),
          flush=True)
    sh("ip", "link", "set", host_end(CUT_NODE), "up")
    healed = time.time()
    print("acknowledgements on the other side per 5 s from the cut to the heal: %s"
          % writers.per_second(cut_at, healed))
    SERVER.healed()
    wait(lambda: SERVER.back(CUT_NODE), 300, "the cut-off node back after the heal")
    print("%s back (ready%s) %.1f s after the heal" % (
        CUT_NODE, ", and one documents cache of all" if isinstance(SERVER, WildFly) else "",
        time.time() - healed))
    time.sleep(5)
    print("after the heal: writes %s, longest time without an acknowledged write %d ms"
          % writers.take(), flush=True)
    writers.stop()
    lost = []
    for node in NODES:
        for item, version in list(writers.acked.items()) + list(minority_acked.items()):
            status, body, _ = call("GET", "http://%s:8080/api/lux/%s" % (NODES[node], item))
            held = json.loads(body)["version"] if status == 200 else -1
            if held < version:
                lost.append("%s on %s: acknowledged v%d, holds v%d" % (item, node, version, held))
    print("acknowledged writes: %d documents (%d written on the minority), last versions checked"
          " on %s; lost: %d %s"
          % (len(writers.acked) + len(minority_acked), len(minority_acked), ", ".join(NODES),
             len(lost), lost[:5]))
    differ = {}
    for item in IDS + MINORITY_IDS:
        held = {}
        for node in NODES:
            status, body, _ = call("GET", "http://%s:8080/api/lux/%s" % (NODES[node], item))
            held[node] = ((json.loads(body)["version"], json.loads(body)["epoch"]) if status == 200
                          else status)
        if len(set(held.values())) > 1:
            differ[item] = held
    print("after the heal, nodes that answer a document differently (version, epoch or status):"
          " %d documents %s" % (len(differ), list(differ.items())[:3]))
    finals = {}
    for item in IDS:
        status, body, _ = call("GET", "http://%s:8080/api/lux/%s" % (NODES["A"], item))
        finals[item] = json.loads(body)["version"]
    stale = 0
    for node, proc in watchers.items():
        deadline, behind = time.time() + 60, None
        while time.time() < deadline:
            state = report(proc)
            behind = sum(1 for item, held in state["versions"].items() for v in held
                         if v != finals[item])
            if behind == 0:
                break
            time.sleep(2)
        stale += behind
        print("subscribers (50 clients) on %s: %d (client, document) pairs not on the newest state;"
              " %d live; time without a socket: total %d ms, longest %d ms"
              % (node, behind, state["live"], sum(state["offlineMs"]), max(state["offlineMs"])))
    if dishonest:
        print("the minority answered other than 503 problem+json with Retry-After: %s" % dishonest)
    return 0 if not lost and not dishonest and not stale and not differ else 1


if __name__ == "__main__":
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--server", choices=("payara", "wildfly"), default="payara")
    options.add_argument("--nodes", type=int, choices=(2, 3), default=3,
                         help="3 (default): C is cut off from the majority A, B; 2: B from A,"
                              " and no side has a majority")
    options.add_argument("cut", nargs="?", type=int, default=30, help="seconds the link is down")
    arguments = options.parse_args()
    CUT = arguments.cut
    server = {"payara": Payara, "wildfly": WildFly}[arguments.server]
    NODES = {node: "%s.%d" % (server.subnet, 11 + i)
             for i, node in enumerate("ABC"[:arguments.nodes])}
    CUT_NODE, OTHERS = list(NODES)[-1], list(NODES)[:-1]
    os.makedirs(OUT, exist_ok=True)
    SERVER = server(NODES)
    try:
        sys.exit(main())
    finally:
        cleanup()
