// Types of the Lux client (lux.js / lux.mjs). Hand-written; checked with `tsc --noEmit` by the build.

export type LuxStatus = 'connecting' | 'live' | 'reconnecting' | 'closed';

/** What `getToken()` may return: a token, or a token with its expiry (ISO text or ms since the epoch). */
export type TokenValue = string | { token: string; expiresAt?: string | number | null };

export interface LuxOptions {
  /** HTTP base, e.g. `https://broker.example.com/api/lux`; default: the origin that served the script. */
  endpoint?: string;
  /** WebSocket URL; default derived from `endpoint`. `…/stream/{id}` is honoured (host and scheme). */
  websocketUrl?: string;
  apiKey?: string;
  token?: TokenValue;
  getToken?: () => TokenValue | Promise<TokenValue>;
  /** Follow changes live (default true); false reads once per `load`. */
  realtime?: boolean;
  transport?: 'auto' | 'websocket' | 'sse';
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  heartbeatTimeoutMs?: number;
  tokenRefreshMarginMs?: number;
  sseAfterFailures?: number;
  /** How long a socket outlives its last handle (ms), so a widget re-created at once reuses it. */
  lingerMs?: number;
  /** `put`/`patch` over the shared socket while it is open, else HTTP (default true). */
  socketWrites?: boolean;
  /** Over SSE (which carries no roll-up) a roll-up is read over HTTP this often (ms). */
  rollupPollMs?: number;
  WebSocket?: unknown;
  EventSource?: unknown;
  fetch?: (input: string, init?: any) => Promise<any>;
}

export interface LuxMeta {
  id: string;
  /** null while the document does not exist. */
  version: number | null;
  epoch: string | null;
  updatedAt: string | null;
  stale: boolean;
  writer?: string;
  lease?: number;
  expiresAt?: string;
  /** What the broker derived from status, step and progress (docs/PROTOCOL.md, "Job insight"). */
  derived?: LuxDerived;
}

export interface LuxDerived {
  /** Writes arrive, but progress, step and status stand still past the stall time. */
  stalled: boolean;
  movedAt?: string;
  /** Progress points per minute. */
  rate?: number;
  /** RFC 3339: when progress should reach 100. */
  eta?: string;
  timeline?: TimelineEntry[];
}

/** One step of a job: closed ones carry `endedAt` and `durationMs`, the open one null. */
export interface TimelineEntry {
  step: string | null;
  status: string | null;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
}

/** The conventional fields the widgets understand; the broker stores any JSON object. */
export interface JobState {
  job?: string;
  status?: 'queued' | 'planning' | 'fetching' | 'validating' | 'waiting' | 'retrying' | 'complete' | 'failed' | (string & {});
  step?: string;
  progress?: number;
  summary?: string;
  actor?: string;
  error?: unknown;
  input?: unknown;
  [field: string]: unknown;
}

export interface WriteOptions {
  lease?: number;
  ttl?: number;
  /** `true`: the epoch.version this handle holds; or an explicit `"<epoch>.<version>"`. */
  ifMatch?: true | string;
}

export interface Receipt {
  id: string;
  version: number;
  epoch: string;
  updatedAt: string;
}

export interface RenewOptions {
  /** Seconds (1..lux.max-ttl) the lease now runs for; omitted keeps the document's. */
  lease?: number;
  /** `true`: the epoch.version this handle holds; or an explicit `"<epoch>.<version>"`. */
  ifMatch?: true | string;
}

/** The answer to a lease renewal: version and updatedAt are the last write's, unchanged. */
export interface RenewalReceipt extends Receipt {
  stale: false;
  /** RFC 3339: when the document turns stale unless written or renewed first. */
  leaseExpiresAt: string;
}

export declare class LuxError extends Error {
  status?: number;
  type?: string;
  title?: string;
  detail?: string;
  /** WebSocket close code, when the error is a closed socket. */
  code?: number;
  id?: string;
}

export interface LuxHandle<T extends object = JobState> {
  readonly id: string;
  readonly state: T | null;
  readonly meta: LuxMeta;
  readonly status: LuxStatus | null;
  load(render?: (data: T | null, meta: LuxMeta) => void): Promise<LuxHandle<T>>;
  on(event: 'status', fn: (status: LuxStatus) => void): () => void;
  on(event: 'stale' | 'renewed', fn: (meta: LuxMeta) => void): () => void;
  on(event: 'deleted', fn: (info: { id: string; reason: string }) => void): () => void;
  on(event: 'error', fn: (error: LuxError) => void): () => void;
  put(data: T, opts?: WriteOptions): Promise<Receipt>;
  patch(partial: Partial<{ [K in keyof T]: T[K] | null }>, opts?: WriteOptions): Promise<Receipt>;
  delete(opts?: WriteOptions): Promise<null>;
  /** Renews the lease without a write: no new version, no `update`; a stale document is live again. */
  renew(opts?: RenewOptions): Promise<RenewalReceipt>;
  /** The step timeline (`GET …/{id}?timeline=true`), oldest first, the open step last; [] while absent. */
  timeline(): Promise<TimelineEntry[]>;
  close(): void;
}

export interface FleetEntry<T extends object = JobState> {
  id: string;
  data: T | null;
  meta: LuxMeta;
  reason?: string;
}

export interface FleetChange<T extends object = JobState> {
  kind: 'add' | 'change' | 'remove';
  id: string;
  entry: FleetEntry<T>;
}

export interface LuxFleet<T extends object = JobState> {
  readonly prefix: string;
  readonly documents: Map<string, FleetEntry<T>>;
  readonly status: LuxStatus | null;
  load(render?: (items: FleetEntry<T>[], change: FleetChange<T> | null) => void): Promise<LuxFleet<T>>;
  items(): FleetEntry<T>[];
  on(event: 'add' | 'change' | 'remove' | 'stale' | 'renewed', fn: (entry: FleetEntry<T>) => void): () => void;
  on(event: 'status', fn: (status: LuxStatus) => void): () => void;
  on(event: 'error', fn: (error: LuxError) => void): () => void;
  close(): void;
}

/** The broker's counts over the documents under a prefix (docs/PROTOCOL.md, "Fleet roll-up"). */
export interface RollupCounts {
  prefix: string;
  total: number;
  /** Documents per `status` word; documents without one count only in `total`. */
  byStatus: Record<string, number>;
  stale: number;
  stalled: number;
  waiting: number;
  failed: number;
  /** The stale document written least recently. */
  oldestStale: string | null;
  /** The `waiting` document that has waited longest. */
  longestWaiting: string | null;
}

export interface LuxRollup {
  readonly prefix: string;
  /** The newest roll-up, null until the first arrives. */
  readonly current: RollupCounts | null;
  readonly status: LuxStatus | null;
  load(render?: (rollup: RollupCounts) => void): Promise<LuxRollup>;
  on(event: 'rollup', fn: (rollup: RollupCounts) => void): () => void;
  on(event: 'status', fn: (status: LuxStatus) => void): () => void;
  on(event: 'error', fn: (error: LuxError) => void): () => void;
  close(): void;
}

export interface Lux {
  <T extends object = JobState>(id: string, options?: LuxOptions): LuxHandle<T>;
  watch<T extends object = JobState>(prefix: string, options?: LuxOptions): LuxFleet<T>;
  /** Follows the broker's roll-up of `prefix` over the shared socket (`""`: every document). */
  rollup(prefix: string, options?: LuxOptions): LuxRollup;
  readonly DEFAULTS: Required<Pick<LuxOptions, 'realtime' | 'transport' | 'backoffInitialMs' | 'backoffMaxMs' | 'heartbeatTimeoutMs' | 'tokenRefreshMarginMs' | 'sseAfterFailures' | 'lingerMs'>> & LuxOptions;
  readonly STATUS: { CONNECTING: 'connecting'; LIVE: 'live'; RECONNECTING: 'reconnecting'; CLOSED: 'closed' };
  readonly LuxError: typeof LuxError;
  readonly lux: Lux;
  /** Marks the Lux client; a second copy on the page defers to the first. */
  readonly isLuxClient: true;
}

export declare const lux: Lux;
export default lux;

declare global {
  /** Defined by the classic script `/lux.js`. */
  var lux: Lux;
}
