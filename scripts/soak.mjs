/**
 * Soak run: drives a real app on port 0 (built from dist/) through many short lives of each kind of work and
 * prints how much heap and RSS each operation leaves behind once the garbage collector has run. Every phase runs a
 * warm-up first (so caches and bounded stores reach their plateau), then the measured operations.
 *
 * Phases: stateful calls, whole sessions (initialize, initialized, call, DELETE), SSE streaming calls with
 * progress, tasks (created, polled until completed), stateless calls. Bounded: each phase stops after its count
 * or SOAK_PHASE_SECONDS (default 40), whichever comes first, so the run stays under five minutes.
 *
 * Run with `npm run soak` (it builds first). SOAK_OPS scales the counts (default 1); SOAK_ONLY runs only the
 * phases whose name starts with it. A phase whose heap grows more
 * than SOAK_MAX_BYTES_PER_OP (default 2048) per operation is reported as growing, and the run exits with 1.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { McpModule, McpRegistry } from '../dist/index.js';

if (typeof globalThis.gc !== 'function') {
  console.error('Run with node --expose-gc (npm run soak does).');
  process.exit(2);
}

const scale = Number(process.env.SOAK_OPS ?? 1);
const phaseSeconds = Number(process.env.SOAK_PHASE_SECONDS ?? 40);
const maxBytesPerOp = Number(process.env.SOAK_MAX_BYTES_PER_OP ?? 2048);

// Bounded stores are set small so they reach their plateau during the warm-up.
class SoakModule {}
Module({
  imports: [
    McpModule.forRoot({
      name: 'soak',
      streams: { maxStoredStreams: 100, eventTtlMs: 60_000 },
      tasks: { maxCompleted: 100, pollIntervalMs: 10 },
    }),
  ],
})(SoakModule);

const app = await NestFactory.create(SoakModule, { logger: ['error'] });
await app.listen(0, '127.0.0.1');
const url = `http://127.0.0.1:${app.getHttpServer().address().port}/mcp`;
const registry = app.get(McpRegistry);
registry.addTool({ name: 'echo', description: 'Echoes', handler: (args) => ({ echoed: args.text ?? null }) });
registry.addTool({
  name: 'progress',
  description: 'Reports progress, then answers',
  handler: async (_args, ctx) => {
    for (let step = 1; step <= 5; step += 1) await ctx.reportProgress(step, 5);
    return 'done';
  },
});
registry.addTool({ name: 'job', description: 'A short task', taskSupport: 'optional', handler: async () => 'finished' });

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
let nextId = 1;

async function post(body, headers = {}) {
  const response = await fetch(url, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
  return { response, text };
}

async function openSession() {
  const { response } = await post({
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'soak', version: '1.0.0' } },
  });
  const headers = { 'mcp-session-id': response.headers.get('mcp-session-id'), 'mcp-protocol-version': '2025-11-25' };
  await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, headers);
  return headers;
}

function call(headers, name, args = {}, extra = {}) {
  return post({ jsonrpc: '2.0', id: nextId++, method: 'tools/call', params: { name, arguments: args, ...extra } }, headers);
}

const shared = await openSession();

const phases = [
  { name: 'stateful calls', count: 5_000, run: () => call(shared, 'echo', { text: 'hello' }) },
  {
    name: 'sessions (open, call, end)',
    count: 3_000,
    run: async () => {
      const headers = await openSession();
      await call(headers, 'echo', { text: 'hi' });
      const ended = await fetch(url, { method: 'DELETE', headers });
      if (ended.status !== 204) throw new Error(`DELETE answered ${ended.status}`);
    },
  },
  {
    name: 'streaming calls (SSE, progress)',
    count: 2_000,
    run: async () => {
      const { text } = await call(shared, 'progress', {}, { _meta: { progressToken: nextId } });
      if (!text.includes('"result"')) throw new Error(`The stream ended without a result: ${text.slice(0, 200)}`);
    },
  },
  {
    name: 'tasks (create, poll, complete)',
    count: 3_000,
    run: async () => {
      const created = JSON.parse((await call(shared, 'job', {}, { task: { ttl: 60_000 } })).text);
      const taskId = created.result.task.taskId;
      for (;;) {
        const polled = JSON.parse((await post({ jsonrpc: '2.0', id: nextId++, method: 'tasks/get', params: { taskId } }, shared)).text);
        if (polled.result.status === 'completed') return;
        if (polled.result.status !== 'working') throw new Error(`Task ended ${polled.result.status}`);
      }
    },
  },
  {
    name: 'stateless calls',
    count: 5_000,
    run: () =>
      post(
        {
          jsonrpc: '2.0',
          id: nextId++,
          method: 'tools/call',
          params: {
            name: 'echo',
            arguments: { text: 'x' },
            _meta: {
              'io.modelcontextprotocol/protocolVersion': '2026-07-28',
              'io.modelcontextprotocol/clientCapabilities': {},
              'io.modelcontextprotocol/clientInfo': { name: 'soak', version: '1.0.0' },
            },
          },
        },
        { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'echo' },
      ),
  },
];

function memory() {
  globalThis.gc();
  globalThis.gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

async function repeat(run, count, deadline) {
  let done = 0;
  while (done < count && Date.now() < deadline) {
    await run();
    done += 1;
  }
  return done;
}

const format = (bytes) => `${bytes >= 0 ? '+' : ''}${bytes.toFixed(0)} B/op`.padStart(14);
let growing = false;
console.log(`node ${process.version}; counts x${scale}; at most ${phaseSeconds} s per phase\n`);
console.log(`${'phase'.padEnd(34)} ${'ops'.padStart(6)}   ${'heap'.padStart(14)}   ${'rss'.padStart(14)}`);
const only = process.env.SOAK_ONLY;
for (const phase of phases.filter((candidate) => !only || candidate.name.startsWith(only))) {
  const count = Math.max(1, Math.round(phase.count * scale));
  const deadline = Date.now() + phaseSeconds * 1000;
  await repeat(phase.run, Math.ceil(count / 5), deadline);
  const before = memory();
  const done = await repeat(phase.run, count, deadline);
  const after = memory();
  const heapPerOp = (after.heapUsed - before.heapUsed) / done;
  const rssPerOp = (after.rss - before.rss) / done;
  const flat = heapPerOp <= maxBytesPerOp;
  growing ||= !flat;
  console.log(`${phase.name.padEnd(34)} ${String(done).padStart(6)}   ${format(heapPerOp)}   ${format(rssPerOp)}${flat ? '' : '   GROWING'}`);
}

await app.close();
console.log(growing ? '\nHeap grew in at least one phase.' : '\nHeap flat in every phase.');
process.exit(growing ? 1 : 0);
