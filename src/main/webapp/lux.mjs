/*
 * lux.mjs: the Lux client as an ES module. `import { lux } from 'https://broker.example.com/lux.mjs'`.
 * It runs lux.js (the single source; it needs no build) and re-exports the `lux` it defines, so the
 * classic script and the module are always the same code. The default endpoint is the origin this
 * module was served from.
 */
import './lux.js';

const lux = globalThis.lux;
if (!lux.DEFAULTS.endpoint && /^https?:/.test(import.meta.url)) {
  lux.DEFAULTS.endpoint = new URL('/api/lux', import.meta.url).href;
}

export { lux };
export default lux;
