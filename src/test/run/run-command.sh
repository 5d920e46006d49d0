#!/usr/bin/env bash
# README's "Run it", checked as a user runs it: bin/run on a free port must start Lux, print its URL
# and the key, take the README's first PUT with that key, and stop when told to (SIGTERM, as its
# Ctrl-C trap does). Run by bin/test after the Maven build; exits non-zero and prints bin/run's
# output otherwise.
set -euo pipefail
cd "$(dirname "$0")/../../.."
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
out=target/run-command.out
key="run-check-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
LUX_PORT=$port LUX_API_KEY=$key bin/run > "$out" 2>&1 &
pid=$!
fail() { echo "bin/run check: $1" >&2; cat "$out" >&2; kill -TERM "$pid" 2>/dev/null || true; exit 1; }

for _ in $(seq 1 300); do
  grep -q 'Lux is running' "$out" && break
  kill -0 "$pid" 2>/dev/null || fail "bin/run exited before Lux was running"
  sleep 1
done
grep -q "Lux is running at http://127.0.0.1:$port" "$out" || fail "no URL on port $port within 300 s"
grep -q "LUX_API_KEY=$key" "$out" || fail "the key to use was not printed"

status=$(curl -s -o /dev/null -w '%{http_code}' -X PUT "http://127.0.0.1:$port/api/lux/invoice-reconcile" \
  -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"data":{"job":"invoice-reconcile","step":"validating","progress":67}}')
[ "$status" = 201 ] || fail "the README's PUT was answered $status, not 201"

kill -TERM "$pid"
for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
kill -0 "$pid" 2>/dev/null && fail "bin/run still running 60 s after SIGTERM"
echo "bin/run check: started on port $port, printed its URL and key, took the README's PUT (201), stopped"
