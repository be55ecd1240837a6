/**
 * Measures what MCP costs on top of a plain Nest route: the sample's `GET /notes/:id` over HTTP versus the same route
 * called as the `get_note` tool over `POST /mcp`, on both wires (an initialized 2025-11-25 session, and
 * self-contained 2026-07-28 requests; JSON answers), on Express and on Fastify, in one run, on one machine. Prints
 * requests per second, p99 latency and the server's CPU per request, with its kernel (system) part (the load comes from a separate process, so the server
 * process measures only itself), and two ratios per platform and wire: by CPU per request (the steady figure on a
 * shared machine) and by throughput. Run with `npm run bench` (it builds first).
 *
 * Options (environment): BENCH_SECONDS (default 5), BENCH_ROUNDS (interleaved rounds, medians kept; default 3), BENCH_CONNECTIONS (default 10), BENCH_PLATFORMS (default
 * `express,fastify`), BENCH_WIRES (default `2025-11-25,2026-07-28`).
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import { Body, Controller, HttpCode, Module, Post, ValidationPipe } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from '../sample/dist/app.module.js';

const duration = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const platforms = (process.env.BENCH_PLATFORMS ?? 'express,fastify').split(',').map((name) => name.trim());
const wires = (process.env.BENCH_WIRES ?? '2025-11-25,2026-07-28').split(',').map((name) => name.trim());

/** The notes the wire-shape route answers with, by id (filled from `GET /notes` before measuring). */
const notesById = new Map();

/**
 * The wire-shape floor: a plain Nest `POST` route that takes the tool call's JSON-RPC request as its body and
 * answers the bytes the tool call answers (the note as text and as `structuredContent`), with no MCP code at all.
 * It shows what the request and answer shapes MCP prescribes cost over plain HTTP, apart from the protocol's work.
 */
class WireShapeController {
  call(message) {
    const note = notesById.get(message?.params?.arguments?.id);
    return { jsonrpc: '2.0', id: message.id, result: { content: [{ type: 'text', text: JSON.stringify(note) }], structuredContent: note } };
  }
}
Controller('wire-shape')(WireShapeController);
Post('call')(WireShapeController.prototype, 'call', Object.getOwnPropertyDescriptor(WireShapeController.prototype, 'call'));
HttpCode(200)(WireShapeController.prototype, 'call', Object.getOwnPropertyDescriptor(WireShapeController.prototype, 'call'));
Body()(WireShapeController.prototype, 'call', 0);
Reflect.defineMetadata('design:paramtypes', [Object], WireShapeController.prototype, 'call');

/** The sample, plus the wire-shape route. */
class BenchAppModule {}
Module({ imports: [AppModule], controllers: [WireShapeController] })(BenchAppModule);

/** Boots the sample on one platform and returns its base URL and the app. */
async function boot(platform) {
  const app =
    platform === 'fastify'
      ? await NestFactory.create(BenchAppModule, new FastifyAdapter(), { logger: false })
      : await NestFactory.create(BenchAppModule, { logger: false });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));
  await app.listen(0, '127.0.0.1');
  return { app, base: `http://127.0.0.1:${app.getHttpServer().address().port}` };
}

/** Opens a session, checks the tool works, and returns the two request shapes to compare. */
async function prepare(base) {
  const [note] = await (await fetch(`${base}/notes`)).json();
  notesById.set(note.id, note);
  const mcpHeaders = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const init = await fetch(`${base}/mcp`, {
    method: 'POST',
    headers: mcpHeaders,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '1.0.0' } },
    }),
  });
  const sessionId = init.headers.get('mcp-session-id');
  await init.text();
  const session = { ...mcpHeaders, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' };
  await fetch(`${base}/mcp`, { method: 'POST', headers: session, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });

  const toolCall = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get_note', arguments: { id: note.id } } });
  const check = await (await fetch(`${base}/mcp`, { method: 'POST', headers: session, body: toolCall })).json();
  if (check.result?.structuredContent?.id !== note.id) throw new Error(`The tool call does not work: ${JSON.stringify(check)}`);

  const statelessHeaders = {
    ...mcpHeaders,
    'mcp-protocol-version': '2026-07-28',
    'mcp-method': 'tools/call',
    'mcp-name': 'get_note',
  };
  const statelessMeta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1.0.0' },
  };
  const statelessCall = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: 'get_note', arguments: { id: note.id }, _meta: statelessMeta },
  });
  const checkStateless = await (await fetch(`${base}/mcp`, { method: 'POST', headers: statelessHeaders, body: statelessCall })).json();
  if (checkStateless.result?.structuredContent?.id !== note.id) {
    throw new Error(`The stateless tool call does not work: ${JSON.stringify(checkStateless)}`);
  }
  const wireShape = { url: `${base}/wire-shape/call`, method: 'POST', headers: session, body: toolCall };
  const checkShape = await (await fetch(wireShape.url, wireShape)).json();
  if (JSON.stringify(checkShape) !== JSON.stringify(check)) throw new Error(`The wire-shape route answers otherwise: ${JSON.stringify(checkShape)}`);
  return {
    note,
    plainUrl: `${base}/notes/${note.id}`,
    wireShape,
    calls: {
      '2025-11-25': { headers: session, body: toolCall },
      '2026-07-28': { headers: statelessHeaders, body: statelessCall },
    },
  };
}

/** Runs autocannon in a separate process and measures this (the server's) process CPU meanwhile. */
function run(options) {
  return new Promise((resolve, reject) => {
    const before = process.cpuUsage();
    const worker = spawn(process.execPath, [fileURLToPath(new URL('./load.worker.mjs', import.meta.url)), JSON.stringify(options)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    worker.stdout.on('data', (chunk) => (output += chunk));
    worker.on('error', reject);
    worker.on('exit', (code) => {
      const cpu = process.cpuUsage(before);
      if (code !== 0) return reject(new Error(`The load generator exited with ${code}.`));
      const result = JSON.parse(output);
      const requests = Math.max(1, result.requests);
      resolve({ ...result, cpuMicrosPerRequest: (cpu.user + cpu.system) / requests, systemMicrosPerRequest: cpu.system / requests });
    });
  });
}

/** One measured run (after a short warm-up the first time) of one request shape; prints it. */
async function measureOnce(title, options, warm) {
  if (warm) await run({ connections, ...options, duration: 2 });
  const result = await run({ connections, duration, ...options });
  console.log(
    `${title.padEnd(34)} ${result.average.toFixed(0).padStart(7)} req/s   p99 ${String(result.p99).padStart(4)} ms   ` +
      `server CPU ${result.cpuMicrosPerRequest.toFixed(0).padStart(5)} µs/request (kernel ${result.systemMicrosPerRequest.toFixed(0).padStart(3)})   ` +
      `failures ${result.failures}`,
  );
  if (result.failures > 0) throw new Error(`${title}: ${result.failures} failed requests`);
  return result;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Measures every shape in `rounds` interleaved rounds (plain, wire shape, each wire, then again), so that a burst of
 * other work on a shared machine weighs on all of them alike; returns each shape's median CPU per request and
 * throughput.
 */
async function measureInterleaved(shapes) {
  const results = new Map(shapes.map(({ title }) => [title, []]));
  for (let round = 1; round <= rounds; round += 1) {
    console.log(`round ${round} of ${rounds}`);
    for (const { title, options } of shapes) results.get(title).push(await measureOnce(title, options, round === 1));
  }
  return new Map(
    [...results].map(([title, runs]) => [
      title,
      {
        cpu: median(runs.map((result) => result.cpuMicrosPerRequest)),
        kernel: median(runs.map((result) => result.systemMicrosPerRequest)),
        average: median(runs.map((result) => result.average)),
        p99: median(runs.map((result) => result.p99)),
      },
    ]),
  );
}

console.log(`node ${process.version}, ${connections} connections, ${rounds} interleaved rounds of ${duration} s each`);
const ratios = [];
/** The note and the stateful tool call of the last platform measured, for the bare Node.js floor. */
let lastNote;
for (const platform of platforms) {
  const { app, base } = await boot(platform);
  try {
    const { plainUrl, wireShape, calls, note } = await prepare(base);
    lastNote = { note, headers: wireShape.headers, body: wireShape.body };
    console.log(`\n${platform}`);
    const PLAIN = 'plain route   GET /notes/:id';
    const SHAPE = 'wire shape    POST, same bytes';
    const mcpTitle = (wire) => `MCP ${wire}  tools/call get_note`;
    const shapes = [
      { title: PLAIN, options: { url: plainUrl } },
      { title: SHAPE, options: wireShape },
      ...wires.map((wire) => ({ title: mcpTitle(wire), options: { url: `${base}/mcp`, method: 'POST', ...calls[wire] } })),
    ];
    const medians = await measureInterleaved(shapes);
    const plain = medians.get(PLAIN);
    const shape = medians.get(SHAPE);
    console.log(`medians: plain ${plain.cpu.toFixed(0)} µs (kernel ${plain.kernel.toFixed(0)}), wire shape ${shape.cpu.toFixed(0)} µs (kernel ${shape.kernel.toFixed(0)})`);
    for (const wire of wires) {
      const mcp = medians.get(mcpTitle(wire));
      console.log(`medians: MCP ${wire} ${mcp.cpu.toFixed(0)} µs (kernel ${mcp.kernel.toFixed(0)})`);
      ratios.push(
        `${platform.padEnd(8)} ${wire}: MCP / plain ${(plain.cpu / mcp.cpu).toFixed(2)}× by server CPU per request, ` +
          `${(mcp.average / plain.average).toFixed(2)}× by throughput; p99 ${mcp.p99} ms vs ${plain.p99} ms; ` +
          `MCP / wire shape ${(shape.cpu / mcp.cpu).toFixed(2)}× by server CPU (wire shape / plain ${(plain.cpu / shape.cpu).toFixed(2)}×)`,
      );
    }
  } finally {
    await app.close();
  }
}
/**
 * The same two shapes on bare Node.js `http`, with no framework and no protocol work: a GET answering the note, and a
 * POST reading the tool call's JSON-RPC request and answering the tool call's bytes. Their ratio bounds what any
 * tool call over HTTP can reach against a GET route, whatever the server does.
 */
async function bareNodeFloor(note, callHeaders, callBody) {
  const server = http.createServer((request, response) => {
    if (request.method === 'GET') {
      const body = JSON.stringify(note);
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      response.end(body);
      return;
    }
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const message = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const text = JSON.stringify(note);
      const body = `{"jsonrpc":"2.0","id":${JSON.stringify(message.id)},"result":{"content":[{"type":"text","text":${JSON.stringify(text)}}],"structuredContent":${text}}}`;
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      response.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    console.log('\nbare Node.js http (no framework, no MCP)');
    const medians = await measureInterleaved([
      { title: 'bare GET      /notes/:id', options: { url: `${base}/notes/${note.id}` } },
      { title: 'bare POST     same bytes', options: { url: `${base}/call`, method: 'POST', headers: callHeaders, body: callBody } },
    ]);
    const [get, post] = [...medians.values()];
    return `bare Node.js http: POST with the tool call's bytes / GET ${(get.cpu / post.cpu).toFixed(2)}× by server CPU per request`;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

if (lastNote) ratios.push(await bareNodeFloor(lastNote.note, lastNote.headers, lastNote.body));
console.log(`\n${ratios.join('\n')}`);
console.log(
  'The wire shape is a plain Nest POST route reading the same JSON-RPC request and answering the same bytes: ' +
    'its ratio to the plain GET route is what the request and answer shapes alone cost, before any protocol work. ' +
    'The bare Node.js ratio is the same comparison with no framework at all.',
);
