/**
 * Memory mode against Redis mode: progress notifications per second through a tool's stream, `tools/call` in server
 * CPU per request, and the Redis commands (`INFO commandstats` deltas, each one round trip unless pipelined) a
 * handshake and a call cost. Starts its own redis-server on a spare port, so the counts are the benchmark's alone.
 * Run with `node bench/redis.bench.mjs` after `npm run build` (or through `npm run bench`).
 */
import http from 'node:http';
import { Redis } from 'ioredis';
import { McpRedisModule } from '../dist/redis/index.js';
import { fixed, measure, openSession, printTable, startApp, startRedis, verdict } from './lib/harness.mjs';

const NOTIFICATIONS = Number(process.env.BENCH_NOTIFICATIONS ?? 20_000);

/** Adds a tool that reports `steps` progress notifications, awaiting each, then answers. */
function addProgressTool(registry) {
  registry.addTool({
    name: 'progress',
    description: 'Reports progress steps',
    handler: async (args, ctx) => {
      const steps = Number(args.steps);
      for (let step = 1; step <= steps; step += 1) await ctx.reportProgress(step, steps);
      return 'done';
    },
  });
}

const NEEDLE = Buffer.from('notifications/progress');

/**
 * Calls the progress tool and reads its SSE stream to the end; returns notifications per second of wall time and per
 * second of this process's CPU (the steady figure on a shared machine; it includes the client's reading). The stream
 * is read as raw bytes (counting notifications without decoding them), so the client, which shares this process
 * with the server, costs little.
 */
function progressRate(mcpUrl, session, steps) {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'progress', arguments: { steps }, _meta: { progressToken: 'p' } } });
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  return new Promise((resolve, reject) => {
    const request = http.request(mcpUrl, { method: 'POST', headers: { ...session, 'content-length': Buffer.byteLength(body) } }, (response) => {
      let received = 0;
      let tail = Buffer.alloc(0);
      let done = false;
      response.on('data', (chunk) => {
        const data = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk;
        for (let at = data.indexOf(NEEDLE); at !== -1; at = data.indexOf(NEEDLE, at + NEEDLE.length)) received += 1;
        if (data.includes('"done"')) done = true;
        tail = data.subarray(Math.max(0, data.length - NEEDLE.length + 1));
      });
      response.once('end', () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const cpu = process.cpuUsage(cpuBefore);
        if (received !== steps || !done) reject(new Error(`Expected ${steps} notifications and the result, got ${received}.`));
        else resolve({ wall: steps / seconds, cpu: steps / ((cpu.user + cpu.system) / 1e6) });
      });
      response.once('error', reject);
    });
    request.once('error', reject);
    request.end(body);
  });
}

/** Redis commands run so far, scripts' own commands included (every command in `INFO commandstats` but INFO). */
async function commandsRun(redis) {
  const info = await redis.info('commandstats');
  let total = 0;
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) if (match[1] !== 'info') total += Number(match[2]);
  return total;
}

/** Runs `operation` `times` times; returns round trips (commands the app sent) and commands Redis ran, per run. */
async function countRedis(redis, times, operation) {
  const commandsBefore = await commandsRun(redis);
  const sentBefore = sent;
  for (let index = 0; index < times; index += 1) await operation(index);
  return { roundTrips: (sent - sentBefore) / times, commands: ((await commandsRun(redis)) - commandsBefore) / times };
}

const redisServer = await startRedis();
const redis = new Redis(redisServer.url);
// The client reads in this process too, so the server may run ahead of it: let the stream buffer hold the burst.
const STREAMS = { streams: { maxBufferedBytes: 512 * 1024 * 1024 } };
const memoryApp = await startApp({ mcp: STREAMS });
// The app's command client counts what it sends: each command is one round trip (the stores do not pipeline).
const appClient = new Redis(redisServer.url);
let sent = 0;
const sendCommand = appClient.sendCommand.bind(appClient);
appClient.sendCommand = (command, stream) => {
  sent += 1;
  // BENCH_TRACE=1 prints each command (name, script sha or first argument, first key) to see what an operation sends.
  if (process.env.BENCH_TRACE) console.log(command.name, String(command.args?.[0] ?? '').slice(0, 8), String(command.args?.[2] ?? '').slice(0, 40));
  return sendCommand(command, stream);
};
const redisApp = await startApp({ mcp: STREAMS, extraImports: [McpRedisModule.forRoot({ client: appClient, keyPrefix: 'bench:' })] });
const rows = [];
try {
  const modes = [
    ['memory', memoryApp],
    ['Redis', redisApp],
  ];
  const rates = {};
  for (const [mode, running] of modes) {
    addProgressTool(running.registry);
    const session = await openSession(running.mcpUrl);
    await progressRate(running.mcpUrl, session, 2_000);
    for (let round = 0; round < 2; round += 1) {
      const rate = await progressRate(running.mcpUrl, session, NOTIFICATIONS);
      if (!rates[mode] || rate.cpu > rates[mode].cpu) rates[mode] = rate;
    }
  }

  // Two rounds, alternating the modes; each mode keeps its cheaper run (the machine may be shared).
  const calls = {};
  for (let round = 0; round < 2; round += 1) {
    for (const [mode, running] of modes) {
      const session = await openSession(running.mcpUrl);
      const result = await measure({
        url: running.mcpUrl,
        method: 'POST',
        headers: session,
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' } } }),
        // Overlapping calls of one session need distinct ids (the session refuses an id still in flight).
        uniqueIds: true,
      });
      if (!calls[mode] || result.cpuUs < calls[mode].cpuUs) calls[mode] = result;
    }
  }

  // Round trips and commands, counted on the private Redis (scripts are loaded by now, so no NOSCRIPT retries).
  const sessions = [];
  const handshake = await countRedis(redis, 20, async () => sessions.push(await openSession(redisApp.mcpUrl)));
  const initialize = await countRedis(redis, 20, async () => {
    const response = await fetch(redisApp.mcpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'b', version: '1' } } }),
    });
    await response.text();
  });
  const call = await countRedis(redis, sessions.length, async (index) => {
    const response = await fetch(redisApp.mcpUrl, {
      method: 'POST',
      headers: sessions[index],
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' } } }),
    });
    await response.text();
  });
  // Opening the session's GET stream claims its lease (one stream per session); closing it releases the claim.
  const getStream = await countRedis(redis, sessions.length, async (index) => {
    const aborter = new AbortController();
    const response = await fetch(redisApp.mcpUrl, { method: 'GET', headers: { ...sessions[index], accept: 'text/event-stream' }, signal: aborter.signal });
    if (response.status !== 200) throw new Error(`The GET stream answered ${response.status}.`);
    aborter.abort();
    await response.body?.cancel().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
  const progress = await countRedis(redis, 1, () => progressRate(redisApp.mcpUrl, sessions[0], 1_000));

  rows.push(['progress notifications / CPU s', fixed(rates.memory.cpu, 0), fixed(rates.Redis.cpu, 0), verdict(rates.Redis.cpu / 30_000, 1).replace('×', '× of 30,000/s')]);
  rows.push(['progress notifications / wall s', fixed(rates.memory.wall, 0), fixed(rates.Redis.wall, 0), '']);
  rows.push(['tools/call CPU µs', fixed(calls.memory.cpuUs), fixed(calls.Redis.cpuUs), verdict(calls.memory.cpuUs / calls.Redis.cpuUs, 0.9)]);
  rows.push(['tools/call req/s', fixed(calls.memory.rps, 0), fixed(calls.Redis.rps, 0), '']);
  printTable('memory mode vs Redis mode', ['measure', 'memory', 'Redis', 'check (Redis)'], rows);
  printTable('Redis round trips (commands the app sent) and commands Redis ran (INFO commandstats deltas)', ['operation', 'round trips', 'commands run'], [
    ['initialize', fixed(initialize.roundTrips), fixed(initialize.commands)],
    ['handshake (initialize + initialized)', fixed(handshake.roundTrips), fixed(handshake.commands)],
    ['GET stream opened and closed (lease claim, release)', fixed(getStream.roundTrips), fixed(getStream.commands)],
    ['tools/call (stateful, JSON answer)', fixed(call.roundTrips), fixed(call.commands)],
    ['tool call with 1,000 progress notifications', fixed(progress.roundTrips), fixed(progress.commands)],
  ]);
} finally {
  await memoryApp.app.close();
  await redisApp.app.close();
  redis.disconnect();
  appClient.disconnect();
  await redisServer.stop();
}
