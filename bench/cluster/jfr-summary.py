"""Summarizes a JFR recording's execution samples: share of CPU samples by thread group, by top
frame, by the Lux frame nearest the top, and by a few frames that mark known costs.
Usage: python3 jfr-summary.py FILE.jfr [LINES]"""
import collections
import json
import re
import subprocess
import sys

path, lines = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 12
events = json.loads(subprocess.run(
    ["jfr", "print", "--json", "--stack-depth", "256", "--events", "jdk.ExecutionSample", path],
    capture_output=True, text=True, check=True).stdout)["recording"]["events"]
MARKS = {
    "Payara tenant set-up on grid threads": "PayaraHazelcastTenant",
    "Payara context push/pop (CDI lookup by stack walk)": "fish/payara/appserver/context",
    "JSON parsing (Parsson)": "org/eclipse/parsson/JsonParserImpl",
    "Hazelcast map operations": "com/hazelcast/map/impl/operation",
    "Hazelcast networking": "com/hazelcast/internal/networking",
    "Lux grid backplane": "com/voxell/lux/cluster/grid/HazelcastBackplane",
    "Lux timers (sweep)": "com/voxell/lux/documents/control/DocumentStore.sweep",
    "Lux stream lanes": "com/voxell/lux/stream/control/Lane",
    "JAX-RS / servlet request handling": "org/glassfish/jersey/server/ServerRuntime",
    "OpenTelemetry tracing": "io/opentelemetry",
}
threads, tops, lux, marks = (collections.Counter() for _ in range(4))
for event in events:
    values = event["values"]
    thread = values["sampledThread"]["javaName"] or values["sampledThread"]["osName"] or "?"
    threads[re.sub(r"hz\.[a-z_]+\.", "hz.", re.sub(r"\d+", "N", thread))] += 1
    frames = [f["method"]["type"]["name"] + "." + f["method"]["name"]
              for f in (values["stackTrace"] or {}).get("frames", [])]
    if frames:
        tops[frames[0]] += 1
    nearest = next((f for f in frames if f.startswith("com/voxell")), None)
    if nearest:
        lux[nearest] += 1
    for label, marker in MARKS.items():
        if any(marker in f for f in frames):
            marks[label] += 1
total = max(len(events), 1)
print(f"{len(events)} CPU samples")
for title, counter in (("thread groups", threads), ("marked costs (a sample may count twice)", marks),
                       ("top frames", tops), ("nearest Lux frame", lux)):
    print(f"-- {title}")
    for name, count in counter.most_common(lines):
        print(f"{100 * count / total:5.1f}%  {name}")
