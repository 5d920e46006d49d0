// Subscribers for the rolling-restart tests (support/RollingRestart): COUNT independent clients of
// src/main/webapp/lux.js, each with its own WebSocket to ENDPOINT (a round-robin proxy in front of
// the cluster), each following PER documents. lux.js reconnects by itself when a node goes away.
//   node subscribers.js ENDPOINT COUNT PER PREFIX DOCUMENTS   (key: $LUX_API_KEY; npm ci first, for `ws`)
// Prints "ready" once every client has its first state of every document it follows. Then each
// line "report" on stdin prints one JSON line: every document's versions as its followers hold them,
// how many clients are live now, for each client the total time it was without a live socket, and
// how often each answer to a WebSocket upgrade came ("101", "503 application/problem+json", …).
'use strict';
const path = require('node:path');
const readline = require('node:readline');
const lux = require(path.resolve(__dirname, '../../main/webapp/lux.js'));
// The `ws` package (a dev dependency), even where Node has a WebSocket of its own: only `ws` shows
// the answer to an upgrade it did not get.
const WS = require('ws');

const [endpoint, count, per, prefix, documents] = process.argv.slice(2);
const key = process.env.LUX_API_KEY;
const clients = [];
const upgrades = {};

function answered(answer) {
  upgrades[answer] = (upgrades[answer] || 0) + 1;
}

// Counts every upgrade's answer, so that the test can tell Lux's 503 problem+json from a server's
// own page; a refused upgrade then fails as `ws` fails it by itself, and lux.js reconnects.
class WebSocket extends WS {
  constructor(url, protocols) {
    super(url, protocols);
    let heard = false;
    this.on('upgrade', () => { heard = true; answered('101'); });
    this.on('unexpected-response', (request, response) => {
      heard = true;
      const type = (response.headers['content-type'] || 'no Content-Type').split(';')[0].trim();
      answered(response.statusCode + ' ' + type + (response.headers['retry-after'] ? '' : ' without Retry-After'));
      request.destroy(new Error('Unexpected server response: ' + response.statusCode));
    });
    this.on('error', () => { if (!heard) answered('no answer'); });
  }
}

for (let c = 0; c < Number(count); c++) {
  const client = { handles: [], live: false, since: Date.now(), offlineMs: 0 };
  // A URL of its own makes lux.js give this client its own socket instead of sharing one.
  const websocketUrl = endpoint.replace(/^http/, 'ws') + '/stream?client=' + c;
  for (let k = 0; k < Number(per); k++) {
    const id = prefix + ((c * Number(per) + k) % Number(documents));
    const handle = lux(id, {
      endpoint, websocketUrl, apiKey: key, transport: 'websocket', WebSocket,
      backoffInitialMs: 200, backoffMaxMs: 2000,
    });
    client.handles.push(handle);
  }
  // Every handle of the client shares its socket, so the first one's status is the socket's.
  client.handles[0].on('status', (status) => {
    const live = status === lux.STATUS.LIVE;
    if (live === client.live) return;
    const now = Date.now();
    if (live) client.offlineMs += now - client.since;
    else client.since = now;
    client.live = live;
  });
  clients.push(client);
}

Promise.all(clients.flatMap((client) => client.handles.map((handle) => handle.load()))).then(
  () => {
    // Time without a socket counts from here: the first connection is not an outage.
    const now = Date.now();
    for (const client of clients) { client.offlineMs = 0; client.since = now; }
    console.log('ready');
  },
  (error) => { console.error('a client failed to load: ' + error.message); process.exit(1); });

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'report') return;
  const now = Date.now();
  const versions = {};
  for (const client of clients) {
    for (const handle of client.handles) {
      (versions[handle.id] = versions[handle.id] || []).push(handle.meta.version);
    }
  }
  console.log(JSON.stringify({
    versions,
    live: clients.filter((client) => client.live).length,
    upgrades,
    offlineMs: clients.map((client) => client.offlineMs + (client.live ? 0 : now - client.since)),
  }));
});
process.stdin.on('end', () => process.exit(0));
