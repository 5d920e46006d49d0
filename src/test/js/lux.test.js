// Pure-logic tests of lux.js: ordering, backoff, credentials, socket sharing and recovery, driven by a
// scripted WebSocket. The real-server behaviour is covered by the browser tests (ClientBrowserIT).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const lux = require('../../main/webapp/lux.js');

const { isNewer, backoffDelay, parseToken, streamTarget } = lux.internals;

/** A WebSocket whose far end the test plays. */
class FakeSocket {
  static all = [];
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    FakeSocket.all.push(this);
  }
  open() {
    this.readyState = 1;
    this.onopen && this.onopen({});
  }
  receive(message) {
    this.onmessage && this.onmessage({ data: JSON.stringify(message) });
  }
  send(text) {
    this.sent.push(JSON.parse(text));
  }
  close(code = 1000, reason = '') {
    this.readyState = 3;
    this.onclose && this.onclose({ code, reason });
  }
  /** The server ends the socket. */
  drop(code, reason) {
    this.close(code, reason);
  }
}

let endpointCounter = 0;
function fresh(extra = {}) {
  FakeSocket.all = [];
  endpointCounter++;
  return Object.assign(
    { endpoint: `http://broker-${endpointCounter}.test/api/lux`, WebSocket: FakeSocket, apiKey: 'k', backoffInitialMs: 1, backoffMaxMs: 5, lingerMs: 0 },
    extra
  );
}

const tick = () => new Promise((r) => setTimeout(r, 0));
async function until(fn, ms = 2000) {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}
const doc = (id, epoch, version, data, extra = {}) =>
  Object.assign({ type: 'update', id, epoch, version, data, updatedAt: '2026-11-25T10:00:00.000Z', stale: false }, extra);

test('a higher version of the same epoch is newer, an equal or lower one is not', () => {
  assert.equal(isNewer({ epoch: 'a', version: 3 }, { epoch: 'a', version: 4 }), true);
  assert.equal(isNewer({ epoch: 'a', version: 3 }, { epoch: 'a', version: 3 }), false);
  assert.equal(isNewer({ epoch: 'a', version: 3 }, { epoch: 'a', version: 2 }), false);
});

test('the same version is newer only when the broker derived something new (a stall)', () => {
  const held = { epoch: 'a', version: 3, derived: { stalled: false } };
  assert.equal(isNewer(held, { epoch: 'a', version: 3, derived: { stalled: true } }), true);
  assert.equal(isNewer(held, { epoch: 'a', version: 3, derived: { stalled: false } }), false);
  assert.equal(isNewer(held, { epoch: 'a', version: 2, derived: { stalled: true } }), false);
});

test('a new epoch always wins, even with a lower version, unless the client retired it', () => {
  assert.equal(isNewer({ epoch: 'a', version: 9 }, { epoch: 'b', version: 1 }), true);
  assert.equal(isNewer({ epoch: 'b', version: 1 }, { epoch: 'a', version: 9 }, new Set(['a'])), false);
  assert.equal(isNewer(null, { epoch: 'a', version: 1 }), true);
  assert.equal(isNewer(null, { epoch: 'a' }), false);
});

test('backoff grows exponentially, is capped, and is fully jittered', () => {
  const opts = { backoffInitialMs: 100, backoffMaxMs: 1000 };
  assert.equal(backoffDelay(0, opts, () => 0.999), 99);
  assert.equal(backoffDelay(2, opts, () => 0.999), 399);
  assert.equal(backoffDelay(20, opts, () => 0.999), 999);
  assert.equal(backoffDelay(5, opts, () => 0), 0);
  const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(4, opts)));
  assert.ok(spread.size > 10, 'delays are spread, not synchronized');
});

test('tokens: a string JWT yields its exp, objects their expiresAt', () => {
  const payload = Buffer.from(JSON.stringify({ exp: 2000000000 })).toString('base64url');
  assert.equal(parseToken(`h.${payload}.s`).expiresAt, 2000000000000);
  assert.equal(parseToken('opaque').expiresAt, null);
  assert.deepEqual(parseToken({ token: 't', expiresAt: '2026-11-25T10:00:00Z' }), { token: 't', expiresAt: Date.parse('2026-11-25T10:00:00Z') });
});

test('the seed\'s per-document websocketUrl becomes the shared multiplexed stream on the same host', () => {
  const target = streamTarget({ websocketUrl: 'wss://ws.example.com/api/lux/stream/job-1' }, 'job-1');
  assert.deepEqual(target, { url: 'wss://ws.example.com/api/lux/stream?batch=1', shared: true });
  assert.deepEqual(streamTarget({ endpoint: 'https://b.example.com/api/lux' }, 'x'), { url: 'wss://b.example.com/api/lux/stream?batch=1', shared: true });
  assert.equal(streamTarget({ websocketUrl: 'wss://proxy.example.com/custom' }, 'x').shared, false);
});

test('load renders the snapshot, follows updates, and ignores older states', async () => {
  const run = lux('job-1', fresh());
  const seen = [];
  const loaded = run.load((data, meta) => seen.push([data && data.progress, meta.version]));
  const ws = FakeSocket.all[0];
  assert.match(ws.url, /\/api\/lux\/stream\?batch=1&access_token=k$/);
  ws.open();
  await tick();
  assert.deepEqual(ws.sent, [{ op: 'subscribe', ids: ['job-1'] }]);
  ws.receive(doc('job-1', 'e1', 5, { progress: 67 }));
  await loaded;
  ws.receive(doc('job-1', 'e1', 4, { progress: 50 }));
  ws.receive(doc('job-1', 'e1', 6, { progress: 80 }));
  ws.receive(Object.assign(doc('job-1', 'e1', 6, { progress: 80 }), { type: 'update' }));
  assert.deepEqual(seen, [[67, 5], [80, 6]]);
  assert.equal(run.state.progress, 80);
  assert.equal(run.meta.epoch, 'e1');
  run.close();
});

test('a batched frame (a JSON array) is read as its messages, oldest first', async () => {
  const opts = fresh();
  const one = lux('job-1', opts);
  const two = lux('job-2', opts);
  const seen = [];
  const loaded = Promise.all([
    one.load((data) => seen.push(['job-1', data.progress])),
    two.load((data) => seen.push(['job-2', data.progress])),
  ]);
  const ws = FakeSocket.all[0];
  ws.open();
  await tick();
  ws.receive([
    doc('job-1', 'e1', 1, { progress: 10 }, { type: 'snapshot' }),
    doc('job-2', 'e1', 3, { progress: 30 }, { type: 'snapshot' }),
    doc('job-1', 'e1', 2, { progress: 20 }),
  ]);
  await loaded;
  assert.deepEqual(seen, [['job-1', 10], ['job-2', 30], ['job-1', 20]]);
  assert.equal(FakeSocket.all.length, 1, 'both handles share the one socket');
  one.close();
  two.close();
});

test('a missing document renders null, then its creation', async () => {
  const run = lux('later', fresh());
  const seen = [];
  const loaded = run.load((data) => seen.push(data));
  FakeSocket.all[0].open();
  FakeSocket.all[0].receive({ type: 'missing', id: 'later' });
  await loaded;
  FakeSocket.all[0].receive(Object.assign(doc('later', 'e1', 1, { status: 'queued' }), { type: 'update' }));
  assert.deepEqual(seen, [null, { status: 'queued' }]);
  run.close();
});

test('stale and deleted are emitted; after a delete the old epoch never comes back', async () => {
  const run = lux('job-2', fresh());
  const events = [];
  run.on('stale', () => events.push('stale'));
  run.on('deleted', (e) => events.push('deleted:' + e.reason));
  const loaded = run.load();
  const ws = FakeSocket.all[0];
  ws.open();
  ws.receive(Object.assign(doc('job-2', 'e1', 2, {}), { type: 'snapshot' }));
  await loaded;
  ws.receive({ type: 'stale', id: 'job-2', epoch: 'e1', version: 2 });
  assert.equal(run.meta.stale, true);
  ws.receive({ type: 'deleted', id: 'job-2', reason: 'expired' });
  assert.equal(run.state, null);
  ws.receive(Object.assign(doc('job-2', 'e1', 3, { late: true }), { type: 'update' }));
  assert.equal(run.state, null, 'a late state of the deleted epoch is ignored');
  ws.receive(Object.assign(doc('job-2', 'e2', 1, { again: true }), { type: 'update' }));
  assert.deepEqual(run.state, { again: true });
  assert.deepEqual(events, ['stale', 'deleted:expired']);
  run.close();
});

test('handles of one endpoint share one socket and subscribe in one message', async () => {
  const opts = fresh();
  const handles = Array.from({ length: 20 }, (_, i) => lux('job-' + i, opts));
  handles.forEach((h) => h.load());
  assert.equal(FakeSocket.all.length, 1);
  FakeSocket.all[0].open();
  await tick();
  assert.equal(FakeSocket.all[0].sent.length, 1);
  assert.equal(FakeSocket.all[0].sent[0].ids.length, 20);
  FakeSocket.all[0].receive(doc('job-7', 'e', 1, { n: 7 }));
  assert.deepEqual(handles[7].state, { n: 7 });
  assert.equal(handles[6].state, null);
  handles.slice(1).forEach((h) => h.close());
  assert.equal(FakeSocket.all[0].readyState, 1, 'the socket stays while a handle uses it');
  handles[0].close();
  await until(() => FakeSocket.all[0].readyState === 3);
  const again = lux('job-0', opts);
  again.load();
  assert.equal(FakeSocket.all.length, 2, 'a handle after the socket closed opens a new one');
  again.close();
});

test('a server-side close reconnects, resubscribes and resumes on the newest state', async () => {
  const run = lux('job-3', fresh());
  const statuses = [];
  run.on('status', (s) => statuses.push(s));
  const loaded = run.load();
  FakeSocket.all[0].open();
  FakeSocket.all[0].receive(doc('job-3', 'e1', 1, { p: 1 }));
  await loaded;
  FakeSocket.all[0].drop(1001, 'going away');
  await until(() => FakeSocket.all.length === 2);
  const second = FakeSocket.all[1];
  second.open();
  await tick();
  assert.deepEqual(second.sent, [{ op: 'subscribe', ids: ['job-3'] }]);
  second.receive(doc('job-3', 'e2', 1, { p: 9 }));
  assert.deepEqual(run.state, { p: 9 });
  assert.deepEqual(statuses, ['connecting', 'live', 'reconnecting', 'live']);
  run.close();
  assert.equal(statuses.at(-1), 'closed');
});

test('a refused token (1008) calls getToken() again and reconnects with the new one', async () => {
  let calls = 0;
  const opts = fresh({ apiKey: undefined, getToken: async () => 'tok-' + ++calls });
  const run = lux('job-4', opts);
  const errors = [];
  run.on('error', (e) => errors.push(e.code));
  run.load();
  await until(() => FakeSocket.all.length === 1);
  assert.match(FakeSocket.all[0].url, /access_token=tok-1/);
  FakeSocket.all[0].open();
  FakeSocket.all[0].receive({ type: 'error', status: 401, title: 'Unauthorized', detail: 'token expired' });
  FakeSocket.all[0].drop(1008, 'token expired');
  await until(() => FakeSocket.all.length === 2);
  assert.match(FakeSocket.all[1].url, /access_token=tok-2/);
  assert.equal(calls, 2);
  assert.ok(errors.includes(1008));
  run.close();
});

test('a token near expiry is refreshed before it lapses', async () => {
  let calls = 0;
  const opts = fresh({ apiKey: undefined, tokenRefreshMarginMs: 0, getToken: async () => ({ token: 't' + ++calls, expiresAt: Date.now() + 30 }) });
  const run = lux('job-5', opts);
  run.load();
  await until(() => FakeSocket.all.length === 1);
  FakeSocket.all[0].open();
  await until(() => FakeSocket.all.length === 2);
  assert.match(FakeSocket.all[1].url, /access_token=t2/);
  run.close();
});

test('silence beyond the heartbeat timeout is treated as a dead socket', async () => {
  const run = lux('job-6', fresh({ heartbeatTimeoutMs: 20 }));
  run.load();
  FakeSocket.all[0].open();
  await until(() => FakeSocket.all.length === 2);
  assert.equal(FakeSocket.all[0].readyState, 3);
  run.close();
});

test('when WebSocket never connects, auto mode falls back to Server-Sent Events', async () => {
  const sources = [];
  class FakeEventSource {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      this.listeners = {};
      sources.push(this);
    }
    addEventListener(type, fn) {
      this.listeners[type] = fn;
    }
    close() {
      this.readyState = 2;
    }
  }
  const run = lux('job-8', fresh({ EventSource: FakeEventSource, sseAfterFailures: 2 }));
  const loaded = run.load();
  FakeSocket.all[0].drop(1006);
  await until(() => FakeSocket.all.length === 2);
  FakeSocket.all[1].drop(1006);
  await until(() => sources.length === 1);
  assert.match(sources[0].url, /\/api\/lux\/events\/job-8\?access_token=k$/);
  sources[0].onopen();
  sources[0].listeners.snapshot({ type: 'snapshot', data: JSON.stringify(doc('job-8', 'e', 2, { via: 'sse' })) });
  await loaded;
  assert.deepEqual(run.state, { via: 'sse' });
  run.close();
});

test('renewed clears stale on a handle and a fleet row, without a new version; a live one ignores it', async () => {
  const opts = fresh();
  const run = lux('wf-r', opts);
  const events = [];
  const renders = [];
  run.on('renewed', (meta) => events.push('renewed:' + meta.version));
  const loaded = run.load((data, meta) => renders.push(meta.stale));
  const fleet = lux.watch('wf-', opts);
  const rows = [];
  fleet.on('renewed', (entry) => rows.push(entry.id + ':' + entry.meta.stale));
  fleet.load();
  const ws = FakeSocket.all[0];
  ws.open();
  ws.receive(Object.assign(doc('wf-r', 'e1', 4, { step: 'a' }), { type: 'snapshot' }));
  ws.receive({ type: 'subscribed', prefix: 'wf-', count: 1 });
  await loaded;
  ws.receive({ type: 'renewed', id: 'wf-r', epoch: 'e1', version: 4, leaseExpiresAt: '2026-11-25T10:01:00.000Z' });
  assert.deepEqual(events, [], 'a live document has nothing to clear');
  ws.receive({ type: 'stale', id: 'wf-r', epoch: 'e1', version: 4 });
  assert.equal(run.meta.stale, true);
  ws.receive({ type: 'renewed', id: 'wf-r', epoch: 'e1', version: 4, leaseExpiresAt: '2026-11-25T10:02:00.000Z' });
  assert.equal(run.meta.stale, false);
  assert.equal(run.meta.version, 4);
  assert.deepEqual(run.state, { step: 'a' });
  assert.deepEqual(events, ['renewed:4']);
  assert.deepEqual(renders, [false, true, false]);
  assert.deepEqual(rows, ['wf-r:false']);
  run.close();
  fleet.close();
});

test('renew posts to the lease path with the lease, If-Match and credential, or with no body', async () => {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    return { ok: true, status: 200, statusText: 'OK', text: async () => '{"id":"job-11","version":3,"epoch":"e","stale":false,"leaseExpiresAt":"2026-11-25T10:00:30.000Z"}' };
  };
  const run = lux('job-11', fresh({ fetch }));
  const receipt = await run.renew({ lease: 45, ifMatch: '"e.3"' });
  await run.renew();
  assert.equal(receipt.leaseExpiresAt, '2026-11-25T10:00:30.000Z');
  assert.equal(calls[0].init.method, 'POST');
  assert.match(calls[0].url, /\/api\/lux\/job-11\/lease$/);
  assert.deepEqual(JSON.parse(calls[0].init.body), { lease: 45 });
  assert.equal(calls[0].init.headers['Content-Type'], 'application/json');
  assert.equal(calls[0].init.headers['If-Match'], '"e.3"');
  assert.equal(calls[0].init.headers.Authorization, 'Bearer k');
  assert.equal(calls[1].init.body, undefined);
});

test('a fleet adds, changes and removes rows, and drops what a fresh snapshot no longer names', async () => {
  const fleet = lux.watch('wf-', fresh());
  const renders = [];
  const loaded = fleet.load((items) => renders.push(items.map((i) => i.id).join(',')));
  const ws = FakeSocket.all[0];
  ws.open();
  assert.deepEqual(ws.sent, [{ op: 'subscribe', prefix: 'wf-' }]);
  ws.receive(Object.assign(doc('wf-b', 'e', 1, {}), { type: 'snapshot' }));
  ws.receive(Object.assign(doc('wf-a', 'e', 1, {}), { type: 'snapshot' }));
  ws.receive({ type: 'subscribed', prefix: 'wf-', count: 2 });
  await loaded;
  ws.receive(Object.assign(doc('wf-c', 'e', 1, {}), { type: 'update' }));
  ws.receive({ type: 'deleted', id: 'wf-a', reason: 'deleted' });
  ws.drop(1001);
  await until(() => FakeSocket.all.length === 2);
  FakeSocket.all[1].open();
  FakeSocket.all[1].receive(Object.assign(doc('wf-c', 'e', 2, {}), { type: 'snapshot' }));
  FakeSocket.all[1].receive({ type: 'subscribed', prefix: 'wf-', count: 1 });
  assert.deepEqual(renders, ['wf-a,wf-b', 'wf-a,wf-b,wf-c', 'wf-b,wf-c', 'wf-b,wf-c', 'wf-c', 'wf-c']);
  fleet.close();
});

test('put and patch send the right method, content type, credential and If-Match', async () => {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    return { ok: true, status: 200, statusText: 'OK', text: async () => '{"id":"job-9","version":2,"epoch":"e"}' };
  };
  const run = lux('job-9', fresh({ fetch }));
  const receipt = await run.put({ status: 'queued' }, { lease: 30 });
  await run.patch({ progress: 5 }, { ifMatch: '"e.2"' });
  assert.equal(receipt.version, 2);
  assert.equal(calls[0].init.method, 'PUT');
  assert.equal(calls[0].init.headers['Content-Type'], 'application/json');
  assert.equal(calls[0].init.headers.Authorization, 'Bearer k');
  assert.deepEqual(JSON.parse(calls[0].init.body), { data: { status: 'queued' }, lease: 30 });
  assert.equal(calls[1].init.method, 'PATCH');
  assert.equal(calls[1].init.headers['Content-Type'], 'application/merge-patch+json');
  assert.equal(calls[1].init.headers['If-Match'], '"e.2"');
  assert.match(calls[1].url, /\/api\/lux\/job-9$/);
});

test('a refused write rejects with the problem\'s fields', async () => {
  const fetch = async () => ({
    ok: false,
    status: 403,
    statusText: 'Forbidden',
    text: async () => '{"type":"https://lux/forbidden","title":"Forbidden","status":403,"detail":"prefix not granted"}',
  });
  await assert.rejects(lux('job-10', fresh({ fetch })).put({}), (e) => e instanceof lux.LuxError && e.status === 403 && e.detail === 'prefix not granted');
});

test('ids are checked before anything is sent', () => {
  assert.throws(() => lux('-bad id', fresh()), lux.LuxError);
});

test('a handle added for an id the socket already carried starts from that state (the broker sends a state once per socket)', async () => {
  const opts = fresh();
  const fleet = lux.watch('wf-', opts);
  const fleetLoaded = fleet.load();
  const ws = FakeSocket.all[0];
  ws.open();
  ws.receive(Object.assign(doc('wf-a', 'e', 3, { status: 'waiting' }), { type: 'snapshot' }));
  ws.receive({ type: 'stale', id: 'wf-a', epoch: 'e', version: 3 });
  ws.receive({ type: 'subscribed', prefix: 'wf-', count: 1 });
  await fleetLoaded;
  const run = lux('wf-a', opts);
  await run.load();
  assert.deepEqual(run.state, { status: 'waiting' });
  assert.equal(run.meta.stale, true);
  await tick();
  assert.deepEqual(ws.sent.at(-1), { op: 'subscribe', ids: ['wf-a'] }, 'it still subscribes, for what comes next');
  run.close();
  fleet.close();
});

test('a widget re-created at once reuses the socket; a socket still connecting is closed only once open', async () => {
  const opts = fresh({ lingerMs: 30 });
  const first = lux('w-1', opts);
  first.load();
  first.close();
  const second = lux('w-1', opts);
  second.load();
  assert.equal(FakeSocket.all.length, 1, 'the lingering socket is reused');
  second.close();
  await new Promise((r) => setTimeout(r, 60));
  const ws = FakeSocket.all[0];
  assert.equal(ws.readyState, 0, 'not closed while connecting (browsers log a warning for that)');
  ws.open();
  assert.equal(ws.readyState, 3, 'closed as soon as it opened');
});

test('put and patch go over the open shared socket and settle on the ack or error with their ref', async () => {
  const fetch = async () => {
    throw new Error('no HTTP while the socket is open');
  };
  const run = lux('job-w1', fresh({ fetch }));
  const loaded = run.load();
  const ws = FakeSocket.all[0];
  ws.open();
  await tick();
  ws.receive({ type: 'missing', id: 'job-w1' });
  ws.receive({ type: 'subscribed', ids: ['job-w1'], count: 1 });
  await loaded;
  const errors = [];
  run.on('error', (e) => errors.push(e));

  const put = run.put({ status: 'queued' }, { lease: 30 });
  const patch = run.patch({ progress: 5 }, { ifMatch: '"e.1"' });
  const [first, second] = ws.sent.slice(-2);
  assert.deepEqual(first, { ref: first.ref, op: 'put', id: 'job-w1', data: { status: 'queued' }, lease: 30 });
  assert.deepEqual(second, { ref: second.ref, op: 'patch', id: 'job-w1', data: { progress: 5 }, ifMatch: '"e.1"' });
  assert.notEqual(first.ref, second.ref);

  ws.receive({ type: 'ack', ref: first.ref, id: 'job-w1', status: 201, version: 1, epoch: 'e', updatedAt: '2026-11-25T10:00:00.000Z' });
  ws.receive({ type: 'error', ref: second.ref, id: 'job-w1', status: 412, title: 'The document has moved on', detail: 'If-Match "e.1" does not match the current "e.2".' });
  assert.deepEqual(await put, { id: 'job-w1', version: 1, epoch: 'e', updatedAt: '2026-11-25T10:00:00.000Z' });
  await assert.rejects(patch, (e) => e instanceof lux.LuxError && e.status === 412 && e.id === 'job-w1');
  assert.equal(errors.length, 0, 'a write\'s answer is not a subscription error');
  run.close();
});

test('writes use HTTP when the socket is not open, and a socket lost mid-write rejects the write', async () => {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    return { ok: true, status: 200, statusText: 'OK', text: async () => '{"id":"job-w2","version":3,"epoch":"e"}' };
  };
  const run = lux('job-w2', fresh({ fetch }));
  run.load();
  const ws = FakeSocket.all[0];
  assert.equal((await run.put({ a: 1 })).version, 3, 'not open yet: HTTP');
  assert.equal(calls.length, 1);

  ws.open();
  await tick();
  const pending = run.patch({ a: 2 });
  assert.equal(ws.sent[ws.sent.length - 1].op, 'patch');
  ws.drop(1001, 'going away');
  await assert.rejects(pending, (e) => e instanceof lux.LuxError && e.code === 1001);
  assert.equal((await run.patch({ a: 3 })).version, 3, 'closed: HTTP again');
  assert.equal(calls.length, 2);
  run.close();
});

test('socketWrites: false keeps every write on HTTP', async () => {
  let calls = 0;
  const fetch = async () => {
    calls++;
    return { ok: true, status: 200, statusText: 'OK', text: async () => '{"id":"job-w3","version":1,"epoch":"e"}' };
  };
  const run = lux('job-w3', fresh({ fetch, socketWrites: false }));
  run.load();
  FakeSocket.all[0].open();
  await tick();
  await run.put({ a: 1 });
  assert.equal(calls, 1);
  run.close();
});

test('a roll-up subscribes by prefix on the shared socket, follows its messages only, resubscribes after a reconnect and unsubscribes on close', async () => {
  const opts = fresh();
  const fleet = lux.watch('wf-', opts);
  fleet.load();
  const rollup = lux.rollup('wf-', opts);
  const seen = [];
  const loaded = rollup.load((r) => seen.push(r.total + ':' + JSON.stringify(r.byStatus)));
  assert.equal(FakeSocket.all.length, 1, 'the roll-up shares the fleet\'s socket');
  const ws = FakeSocket.all[0];
  ws.open();
  assert.deepEqual(ws.sent, [{ op: 'subscribe', prefix: 'wf-' }, { op: 'subscribe', rollup: 'wf-' }]);
  const counts = (total, byStatus, extra = {}) =>
    Object.assign({ type: 'rollup', prefix: 'wf-', total, byStatus, stale: 0, stalled: 0, waiting: 0, failed: 0, oldestStale: null, longestWaiting: null }, extra);
  ws.receive(counts(1, { queued: 1 }));
  ws.receive({ type: 'subscribed', rollup: 'wf-' });
  ws.receive({ type: 'subscribed', prefix: 'wf-', count: 0 });
  await loaded;
  assert.equal(rollup.current.total, 1);
  assert.equal(rollup.current.type, undefined, 'the roll-up is the counts, not the message');
  ws.receive(Object.assign(counts(9, { queued: 9 }), { prefix: 'other-' }));
  ws.receive(counts(2, { queued: 1, waiting: 1 }, { waiting: 1, longestWaiting: 'wf-b' }));
  assert.equal(rollup.current.longestWaiting, 'wf-b');
  assert.equal(fleet.documents.size, 0, 'a roll-up message is no document');
  const errors = [];
  rollup.on('error', (e) => errors.push(e));
  ws.receive(doc('wf-z', 'e', 1, { status: 'queued' }));
  ws.receive({ type: 'error', id: 'wf-z', status: 403, title: 'Forbidden', detail: 'not that one' });
  assert.equal(fleet.documents.size, 1);
  assert.equal(rollup.current.total, 2, 'a document message is no roll-up');
  assert.equal(errors.length, 0, 'an error about a document is not the roll-up\'s');

  // A second roll-up of the same prefix starts from the held counts.
  const late = lux.rollup('wf-', opts);
  const lateSeen = [];
  await late.load((r) => lateSeen.push(r.total));
  assert.deepEqual(lateSeen, [2]);
  late.close();
  assert.equal(ws.sent.filter((m) => m.op === 'unsubscribe').length, 0, 'still followed by the first roll-up');

  ws.drop(1001);
  await until(() => FakeSocket.all.length === 2);
  const second = FakeSocket.all[1];
  second.open();
  assert.deepEqual(second.sent, [{ op: 'subscribe', prefix: 'wf-' }, { op: 'subscribe', rollup: 'wf-' }]);
  second.receive(counts(0, {}));
  assert.deepEqual(seen, ['1:{"queued":1}', '2:{"queued":1,"waiting":1}', '0:{}']);
  rollup.close();
  assert.deepEqual(second.sent[2], { op: 'unsubscribe', rollup: 'wf-' });
  fleet.close();
});

test('a refused roll-up rejects its load', async () => {
  const rollup = lux.rollup('billing-', fresh());
  const loaded = rollup.load();
  FakeSocket.all[0].open();
  FakeSocket.all[0].receive({ type: 'error', status: 403, title: 'Forbidden', detail: 'not your prefix' });
  await assert.rejects(loaded, (e) => e.status === 403);
  rollup.close();
});

test('without realtime a roll-up is one HTTP read', async () => {
  const urls = [];
  const fetch = async (url) => {
    urls.push(url);
    return { ok: true, status: 200, statusText: 'OK', text: async () => '{"prefix":"wf-","total":3,"byStatus":{"failed":3},"stale":0,"stalled":0,"waiting":0,"failed":3,"oldestStale":null,"longestWaiting":null}' };
  };
  const rollup = await lux.rollup('wf-', fresh({ fetch, realtime: false })).load();
  assert.equal(rollup.current.failed, 3);
  assert.match(urls[0], /\/api\/lux\/rollup\?prefix=wf-$/);
});

test('timeline() reads the document with ?timeline=true; a missing document has none', async () => {
  const urls = [];
  let status = 200;
  const fetch = async (url) => {
    urls.push(url);
    const body = '{"id":"job-t","derived":{"stalled":false,"timeline":[{"step":"plan","status":"planning","startedAt":"a","endedAt":null,"durationMs":null}]}}';
    return { ok: status === 200, status, statusText: status === 200 ? 'OK' : 'Not Found', text: async () => (status === 200 ? body : '') };
  };
  const run = lux('job-t', fresh({ fetch }));
  assert.deepEqual((await run.timeline()).map((t) => t.step), ['plan']);
  assert.match(urls[0], /\/api\/lux\/job-t\?timeline=true$/);
  status = 404;
  assert.deepEqual(await run.timeline(), []);
});

test('over Server-Sent Events a roll-up is read over HTTP, again every rollupPollMs, until closed', async () => {
  class NoEventSource {
    constructor() {
      throw new Error('a roll-up opens no EventSource');
    }
  }
  let total = 0;
  const urls = [];
  const fetch = async (url) => {
    urls.push(url);
    total++;
    return { ok: true, status: 200, statusText: 'OK', text: async () => `{"prefix":"wf-","total":${total},"byStatus":{},"stale":0,"stalled":0,"waiting":0,"failed":0,"oldestStale":null,"longestWaiting":null}` };
  };
  const rollup = lux.rollup('wf-', fresh({ fetch, transport: 'sse', EventSource: NoEventSource, rollupPollMs: 5 }));
  const statuses = [];
  rollup.on('status', (s) => statuses.push(s));
  await rollup.load();
  await until(() => rollup.current.total >= 3);
  assert.match(urls[0], /\/api\/lux\/rollup\?prefix=wf-$/);
  assert.ok(statuses.includes('live'));
  rollup.close();
  const reads = urls.length;
  await new Promise((r) => setTimeout(r, 30));
  assert.ok(urls.length <= reads + 1, 'polling stops with the roll-up');
});
