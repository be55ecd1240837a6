/**
 * `initialize` with 100, 10,000 and 100,000 live sessions against a plain POST route (server CPU per request), and
 * the heap an idle session costs (the slope of the heap between two session counts, after full collections).
 * Run with `node --expose-gc bench/sessions.bench.mjs` after `npm run build` (or through `npm run bench`).
 */
import { randomBytes } from 'node:crypto';
import { McpSessionStore } from '../dist/index.js';
import { MCP_HEADERS, fixed, measure, printTable, startApp, verdict } from './lib/harness.mjs';

if (typeof globalThis.gc !== 'function') throw new Error('Run this benchmark with node --expose-gc.');

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: { roots: {} }, clientInfo: { name: 'bench', version: '1.0.0' } },
});

/** Fills the store up to `target` live sessions shaped like those `initialize` makes. */
async function fill(store, target, idleTimeoutMs) {
  for (let count = await store.count(); count < target; count += 1) {
    const init = JSON.parse(INITIALIZE).params;
    await store.save(
      {
        id: randomBytes(24).toString('base64url'),
        protocolVersion: init.protocolVersion,
        clientInfo: init.clientInfo,
        clientCapabilities: init.capabilities,
        initialized: true,
        subscriptions: [],
        createdAt: Date.now(),
      },
      idleTimeoutMs,
    );
  }
}

const IDLE = 30 * 60_000;
const rows = [];
// Warm the code up in a throw-away app (compiled code is shared by every app of the process), so the measured app
// starts with exactly the live sessions each level asks for.
const warm = await startApp({ mcp: { session: { maxSessions: 10_000_000 } } });
await measure({ url: warm.mcpUrl, method: 'POST', headers: MCP_HEADERS, body: INITIALIZE, duration: 2 });
await measure({ url: `${warm.base}/plain/echo`, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"hi"}', duration: 2 });
await warm.app.close();
const { app, base, mcpUrl } = await startApp({ mcp: { session: { maxSessions: 10_000_000, idleTimeoutMs: IDLE } } });
const store = app.get(McpSessionStore);
const measurePlain = () =>
  measure({ url: `${base}/plain/echo`, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"hi"}' });
// The plain route is measured before and after (the machine may be shared); the cheaper run counts.
let plain = await measurePlain();
const perLevel = [];
for (const live of [100, 10_000, 100_000]) {
  await fill(store, live, IDLE);
  const before = await store.count();
  const result = await measure({ url: mcpUrl, method: 'POST', headers: MCP_HEADERS, body: INITIALIZE });
  perLevel.push(result.cpuUs);
  rows.push([`initialize`, `${before.toLocaleString('en')}`, fixed(result.cpuUs), fixed(result.rps, 0), verdict(plain.cpuUs / result.cpuUs, 0.9)]);
}
const plainAgain = await measurePlain();
if (plainAgain.cpuUs < plain.cpuUs) plain = plainAgain;
rows.unshift(['plain route POST /plain/echo', '-', fixed(plain.cpuUs), fixed(plain.rps, 0), '1.00×']);
for (const [index, cpuUs] of perLevel.entries()) rows[index + 1][4] = verdict(plain.cpuUs / cpuUs, 0.9);
await app.close();
const spread = Math.max(...perLevel) / Math.min(...perLevel) - 1;

// Heap per idle session: sessions made by real initialize requests, heap measured after full collections.
const fresh = await startApp({ mcp: { session: { maxSessions: 10_000_000, idleTimeoutMs: IDLE } } });
const initializeMany = (amount) =>
  measure({ url: fresh.mcpUrl, method: 'POST', headers: MCP_HEADERS, body: INITIALIZE, amount, duration: undefined, warmupSeconds: 0 });
const heapNow = () => {
  for (let round = 0; round < 3; round += 1) globalThis.gc();
  return process.memoryUsage().heapUsed;
};
await initializeMany(2_000);
const count0 = await fresh.app.get(McpSessionStore).count();
const heap0 = heapNow();
await initializeMany(20_000);
const count1 = await fresh.app.get(McpSessionStore).count();
const heap1 = heapNow();
await fresh.app.close();
const perSession = (heap1 - heap0) / (count1 - count0) / 1024;

printTable('initialize vs a plain route (server CPU per request)', ['request', 'live sessions', 'CPU µs', 'req/s', 'vs plain'], rows);
console.log(`initialize spread from 100 to 100,000 live sessions: ${fixed(spread * 100)}% ${spread <= 0.1 ? 'ok' : 'MISS'} (≤10%)`);
console.log(
  `heap per idle session: ${fixed(perSession, 2)} KiB ${perSession <= 0.5 ? 'ok' : 'MISS'} (≤0.5; slope from ${count0} to ${count1} sessions)`,
);
