/**
 * `initialize` with 100, 10,000 and 100,000 live sessions against a plain POST route (server CPU per request), and
 * the heap an idle session costs (the slope of the heap between two session counts, after full collections).
 * Run with `node --expose-gc bench/sessions.bench.mjs` after `npm run build` (or through `npm run bench`).
 */
import { randomBytes } from 'node:crypto';
import { McpSessionStore, MemorySessionStore } from '../dist/index.js';
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

/** The default memory store, remembering the ids it stores while `tracked` is set (to drop warm-up sessions). */
class TrackingSessionStore extends MemorySessionStore {
  tracked;
  async save(session, idleTimeoutMs) {
    this.tracked?.push(session.id);
    return super.save(session, idleTimeoutMs);
  }
}

const IDLE = 30 * 60_000;
/**
 * The load sends bare `initialize` requests (no `notifications/initialized`), so the cap on sessions still
 * initializing (`maxUninitializedSessions`, 1,000 by default, answering 503 beyond) and their short deadline are
 * lifted here: what is measured is `initialize` itself against the number of live sessions.
 */
const SESSION_OPTIONS = { maxSessions: 10_000_000, maxUninitializedSessions: 10_000_000, uninitializedTimeoutMs: IDLE, idleTimeoutMs: IDLE };
const rows = [];
// Passes over the levels, each in a fresh app; each level keeps its cheapest run, as the plain route does (the
// machine may be shared).
const PASSES = Number(process.env.BENCH_PASSES ?? 3);
const best = new Map();
let plain;
for (let pass = 0; pass < PASSES; pass += 1) {
  const store = new TrackingSessionStore();
  const { app, base, mcpUrl } = await startApp({ mcp: { session: SESSION_OPTIONS }, stores: { sessions: store } });
  // Warm this app's code paths up, then drop the sessions that made, so each level starts with exactly its count.
  store.tracked = [];
  await measure({ url: mcpUrl, method: 'POST', headers: MCP_HEADERS, body: INITIALIZE, duration: 2 });
  for (const id of store.tracked) await store.delete(id);
  store.tracked = undefined;
  const plainRun = await measure({ url: `${base}/plain/echo`, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"hi"}' });
  if (!plain || plainRun.cpuUs < plain.cpuUs) plain = plainRun;
  for (const live of [100, 10_000, 100_000]) {
    await fill(store, live, IDLE);
    const result = await measure({ url: mcpUrl, method: 'POST', headers: MCP_HEADERS, body: INITIALIZE });
    if (!best.has(live) || result.cpuUs < best.get(live).cpuUs) best.set(live, result);
  }
  await app.close();
}
rows.push(['plain route POST /plain/echo', '-', fixed(plain.cpuUs), fixed(plain.rps, 0), '1.00×']);
for (const [live, result] of best) {
  rows.push(['initialize', live.toLocaleString('en'), fixed(result.cpuUs), fixed(result.rps, 0), verdict(plain.cpuUs / result.cpuUs, 0.9)]);
}
const perLevel = [...best.values()].map((result) => result.cpuUs);
const spread = Math.max(...perLevel) / Math.min(...perLevel) - 1;
const growth = perLevel.slice(1).map((cpuUs) => cpuUs / perLevel[0] - 1);

// Heap per idle session: sessions made by real initialize requests, heap measured after full collections.
const fresh = await startApp({ mcp: { session: SESSION_OPTIONS } });
const initializeMany = (amount) =>
  measure({ url: fresh.mcpUrl, method: 'POST', headers: MCP_HEADERS, body: INITIALIZE, amount, duration: undefined, warmupSeconds: 0 });
const heapNow = () => {
  for (let round = 0; round < 3; round += 1) globalThis.gc();
  return process.memoryUsage().heapUsed;
};
await initializeMany(2_000);
const count0 = await fresh.app.get(McpSessionStore).count();
const heap0 = heapNow();
await initializeMany(10_000);
const count1 = await fresh.app.get(McpSessionStore).count();
const heap1 = heapNow();
await fresh.app.close();
const perSession = (heap1 - heap0) / (count1 - count0) / 1024;

printTable('initialize vs a plain route (server CPU per request)', ['request', 'live sessions', 'CPU µs', 'req/s', 'vs plain'], rows);
const percent = (value) => `${value >= 0 ? '+' : ''}${fixed(value * 100)}%`;
console.log(
  `initialize CPU at 10,000 / 100,000 live sessions vs 100: ${growth.map(percent).join(' / ')} ` +
    `${growth.every((value) => value <= 0.1) ? 'ok' : 'MISS'} (flat: ≤+10%); spread between levels ${fixed(spread * 100)}%`,
);
console.log(
  `heap per idle session: ${fixed(perSession, 2)} KiB ${perSession <= 0.5 ? 'ok' : 'MISS'} (≤0.5; slope from ${count0} to ${count1} sessions)`,
);
