#!/usr/bin/env python3
"""A network split, measured: three Lux nodes (bin/run-node), each in a Linux network namespace
made here with its own address on a private bridge (10.221.0.0/24; nothing leaves the machine).
Writers write to the majority (A, B) with acknowledgements the whole time; the link of node C is
cut with `ip link set ... down` for CUT seconds, then restored. During the split a probe writes to
C (from inside its namespace) and must be refused; subscribers (src/test/fault/subscribers.js under
Node) follow the documents on A and on C. After the heal: every acknowledged version (or a newer
one) is read back on every node, and every subscriber must end on the newest state.

    sudo bench/cluster/split.py [CUT_SECONDS]      (after mvn -B -q -DskipTests package; root only)
"""
import json, os, random, secrets, subprocess, sys, threading, time, urllib.error, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CUT = int(sys.argv[1]) if len(sys.argv) > 1 else 30
TAG = str(os.getpid() % 10000)
BRIDGE = "lsb" + TAG
NODES = {"A": "10.221.0.11", "B": "10.221.0.12", "C": "10.221.0.13"}
KEY = "split-" + secrets.token_hex(8)
IDS = ["split-%s-%d" % (TAG, i) for i in range(40)]
OUT = os.path.join(ROOT, "target", "bench-split")
os.makedirs(OUT, exist_ok=True)
procs, namespaces = [], []


def sh(*command):
    subprocess.run(command, check=True)


def ns(node):
    return "lsplit-%s-%s" % (node.lower(), TAG)


def host_end(node):
    return "ls%s%sh" % (node.lower(), TAG)


def network():
    sh("ip", "link", "add", BRIDGE, "type", "bridge")
    sh("ip", "addr", "add", "10.221.0.1/24", "dev", BRIDGE)
    sh("ip", "link", "set", BRIDGE, "up")
    for node, address in NODES.items():
        inside = "ls%s%sn" % (node.lower(), TAG)
        sh("ip", "netns", "add", ns(node))
        namespaces.append(ns(node))
        sh("ip", "link", "add", host_end(node), "type", "veth", "peer", "name", inside)
        sh("ip", "link", "set", inside, "netns", ns(node))
        sh("ip", "link", "set", host_end(node), "master", BRIDGE, "up")
        sh("ip", "netns", "exec", ns(node), "ip", "addr", "add", address + "/24", "dev", inside)
        sh("ip", "netns", "exec", ns(node), "ip", "link", "set", inside, "up")
        sh("ip", "netns", "exec", ns(node), "ip", "link", "set", "lo", "up")


def cleanup():
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
    for name in namespaces:
        subprocess.run(["ip", "netns", "del", name])
    subprocess.run(["ip", "link", "del", BRIDGE], stderr=subprocess.DEVNULL)


def start_nodes():
    members = ",".join(address + ":5701" for address in NODES.values())
    env = dict(os.environ, LUX_API_KEY=KEY, LUX_CLUSTER_NAME="lux-split-" + TAG, LUX_BIND="0.0.0.0",
               LUX_JAVA_OPTS="-Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
    for node, address in NODES.items():
        log = open(os.path.join(OUT, node + ".log"), "w")
        procs.append(subprocess.Popen(
            ["ip", "netns", "exec", ns(node), os.path.join(ROOT, "bin", "run-node"), node, "8080",
             "5701", members], env=dict(env, LUX_GRID_BIND=address), stdout=log,
            stderr=subprocess.STDOUT, cwd=ROOT))


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
    status, _, _ = call("GET", "http://%s:8080/health/ready" % NODES[node], timeout=5)
    return status == 200


def wait(condition, limit, what):
    deadline = time.time() + limit
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise SystemExit("timed out waiting for " + what)


class Writers:
    """Writes at ~50/s to A and B in turn, remembering the newest acknowledged version per id."""

    def __init__(self):
        self.acked, self.counts, self.lock = {}, {}, threading.Lock()
        self.running, self.last_ack, self.longest_gap = True, time.time(), 0.0
        self.threads = [threading.Thread(target=self.run, args=(n,)) for n in ("A", "B")]
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
                    self.longest_gap = max(self.longest_gap, now - self.last_ack)
                    self.last_ack = now
                    outcome = "accepted"
                else:
                    outcome = "refused %s" % status if status else "no answer"
                self.counts[outcome] = self.counts.get(outcome, 0) + 1
            time.sleep(0.04)

    def take(self):
        with self.lock:
            taken, gap = dict(self.counts), self.longest_gap
            self.counts, self.longest_gap = {}, 0.0
        return taken, round(gap * 1000)

    def stop(self):
        self.running = False
        for thread in self.threads:
            thread.join()


def minority_probe(seconds):
    """PUTs to C from inside its namespace during the split: what the minority answers."""
    answers, deadline = {}, time.time() + seconds
    while time.time() < deadline:
        out = subprocess.run(
            ["ip", "netns", "exec", ns("C"), "curl", "-s", "-o", "/dev/null", "-m", "10", "-w",
             "%{http_code} %{content_type}", "-X", "PUT", "-H", "Authorization: Bearer " + KEY,
             "-H", "Content-Type: application/json", "-d", '{"data":{"minority":true}}',
             "http://127.0.0.1:8080/api/lux/" + IDS[0]], capture_output=True, text=True).stdout
        answers[out] = answers.get(out, 0) + 1
        time.sleep(0.5)
    return answers


def subscribers(node, inside):
    base = "http://127.0.0.1:8080/api/lux" if inside else "http://%s:8080/api/lux" % NODES[node]
    command = ["node",
               os.path.join(ROOT, "src", "test", "fault", "subscribers.js"), base, "50", "2",
               "split-%s-" % TAG, str(len(IDS))]
    if inside:
        command = ["ip", "netns", "exec", ns(node)] + command
    proc = subprocess.Popen(command, env=dict(os.environ, LUX_API_KEY=KEY), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    procs.append(proc)
    if proc.stdout.readline().strip() != "ready":
        raise SystemExit("subscribers on %s did not start" % node)
    return proc


def report(proc):
    proc.stdin.write("report\n")
    proc.stdin.flush()
    return json.loads(proc.stdout.readline())


def main():
    network()
    start_nodes()
    wait(lambda: all(ready(n) for n in NODES), 600, "three ready nodes")
    for item in IDS:
        call("PUT", "http://%s:8080/api/lux/%s" % (NODES["A"], item), '{"data":{}}')
    watchers = {"A": subscribers("A", False), "C": subscribers("C", True)}
    writers = Writers()
    time.sleep(10)
    print("before the split: writes %s, longest time without an acknowledged write %d ms"
          % writers.take())
    sh("ip", "link", "set", host_end("C"), "down")
    cut_at = time.time()
    refused_at = {}
    threading.Thread(target=lambda: wait(lambda: not ready_inside("C") and refused_at.setdefault(
        "C", time.time() - cut_at) is not None, CUT, "C readiness DOWN")).start()
    probe = minority_probe(CUT - 1)
    time.sleep(max(0, CUT - (time.time() - cut_at)))
    print("during the %d s split: majority writes %s, longest time without an acknowledged write"
          " %d ms" % ((CUT,) + writers.take()))
    print("during the split: the minority (C) answered PUTs with %s; its /health/ready went DOWN"
          " %s s after the cut" % (probe, round(refused_at.get("C", -1), 1)))
    sh("ip", "link", "set", host_end("C"), "up")
    healed = time.time()
    wait(lambda: ready("C"), 300, "C ready after the heal")
    print("C ready (merged back) %.1f s after the heal" % (time.time() - healed))
    time.sleep(5)
    print("after the heal: writes %s, longest time without an acknowledged write %d ms"
          % writers.take())
    writers.stop()
    lost = []
    for node in NODES:
        for item, version in writers.acked.items():
            status, body, _ = call("GET", "http://%s:8080/api/lux/%s" % (NODES[node], item))
            held = json.loads(body)["version"] if status == 200 else -1
            if held < version:
                lost.append("%s on %s: acknowledged v%d, holds v%d" % (item, node, version, held))
    print("acknowledged writes: %d documents, last versions checked on A, B and C; lost: %d %s"
          % (len(writers.acked), len(lost), lost[:5]))
    finals = {}
    for item in IDS:
        status, body, _ = call("GET", "http://%s:8080/api/lux/%s" % (NODES["A"], item))
        finals[item] = json.loads(body)["version"]
    for node, proc in watchers.items():
        deadline, behind = time.time() + 60, None
        while time.time() < deadline:
            state = report(proc)
            behind = sum(1 for item, held in state["versions"].items() for v in held
                         if v != finals[item])
            if behind == 0:
                break
            time.sleep(2)
        print("subscribers (50 clients) on %s: %d (client, document) pairs not on the newest state;"
              " %d live; time without a socket: total %d ms, longest %d ms"
              % (node, behind, state["live"], sum(state["offlineMs"]), max(state["offlineMs"])))
    return 0 if not lost else 1


def ready_inside(node):
    out = subprocess.run(["ip", "netns", "exec", ns(node), "curl", "-s", "-o", "/dev/null", "-m",
                          "5", "-w", "%{http_code}", "http://127.0.0.1:8080/health/ready"],
                         capture_output=True, text=True).stdout
    return out == "200"


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        cleanup()
