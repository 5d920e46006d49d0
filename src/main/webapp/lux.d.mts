// Types of lux.mjs: the same as lux.d.ts (lux.mjs re-exports the `lux` of lux.js).
export * from './lux.js';
export { default } from './lux.js';
