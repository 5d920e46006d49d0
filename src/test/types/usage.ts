// Compiled with `tsc --noEmit` (npm run typecheck): the types describe how the README uses the client.
import { lux, LuxMeta, JobState, LuxStatus, RollupCounts } from '../../main/webapp/lux.mjs';

declare const broker: string;
declare const wsBroker: string;
declare const apiKey: string;

function renderAgentProgress(data: JobState | null, meta: LuxMeta): void {
  console.log(data?.status, data?.progress, meta.version, meta.stale);
}

async function seed(): Promise<void> {
  const run = lux('workflow-invoice-reconcile-abc123', {
    endpoint: `${broker}/api/lux`,
    websocketUrl: `${wsBroker}/api/lux/stream/workflow-invoice-reconcile-abc123`,
    apiKey,
    realtime: true,
  });
  await run.load(renderAgentProgress);
  run.on('status', (s: LuxStatus) => console.log(s));
  run.on('deleted', (info) => console.log(info.reason));
  const receipt = await run.patch({ progress: 68, summary: null }, { ifMatch: true });
  console.log(receipt.version + 1, receipt.epoch.length);
  const steps = await run.timeline();
  console.log(steps.map((t) => `${t.step}: ${t.durationMs ?? 'running'}`));
  run.close();

  const fleet = lux.watch('workflow-', { getToken: async () => ({ token: 't', expiresAt: Date.now() + 60000 }) });
  await fleet.load((items, change) => console.log(items.length, change?.kind));
  fleet.close();

  const rollup = lux.rollup('workflow-', { rollupPollMs: 5000 });
  await rollup.load((counts: RollupCounts) => console.log(counts.total, counts.byStatus['failed'] ?? 0, counts.oldestStale?.length));
  rollup.on('rollup', (counts) => console.log(counts.stalled + counts.waiting, counts.longestWaiting));
  console.log(rollup.current?.prefix);
  rollup.close();

  const global = globalThis.lux('x', { token: 'abc', socketWrites: false });
  await global.put({ status: 'queued', step: 'plan', progress: 0 }, { lease: 30, ttl: 3600 });
  const renewal = await global.renew({ lease: 30 });
  console.log(renewal.leaseExpiresAt, renewal.version, renewal.stale === false);
  global.on('renewed', (meta) => console.log(meta.stale));
  await global.renew();
}
void seed;
