/**
 * What the benchmarks share: a Nest app with McpModule and plain routes built without TypeScript (decorators applied
 * as functions), load from a separate process, server CPU per request (the steady figure on a shared machine), a
 * private redis-server, and a table printer.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { createServer, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Body, Controller, Get, Global, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MCP_STORE_OVERRIDES, McpModule, McpRegistry } from '../../dist/index.js';

const WORKER = fileURLToPath(new URL('./load-worker.mjs', import.meta.url));

/** Seconds of each measured run (BENCH_SECONDS), after a one-second warm-up. */
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
/** Concurrent connections of the load generator (BENCH_CONNECTIONS). */
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);

export const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

/** Applies a method decorator outside TypeScript. */
function decorate(target, key, ...decorators) {
  const descriptor = Object.getOwnPropertyDescriptor(target.prototype, key);
  for (const decorator of decorators) decorator(target.prototype, key, descriptor);
}

/**
 * Boots an app: McpModule (options merged), `extraImports` (McpRedisModule), `stores` (McpStoreOverrides), and plain routes: `POST /plain/echo`
 * (answers like the echo tool) and `GET /plain/json` (answers `plainJson()`, an object Nest serializes per request).
 */
export async function startApp({ mcp = {}, extraImports = [], plainJson = () => ({}), stores } = {}) {
  if (stores) {
    class BenchStoresModule {}
    Module({ providers: [{ provide: MCP_STORE_OVERRIDES, useValue: stores }], exports: [MCP_STORE_OVERRIDES] })(BenchStoresModule);
    Global()(BenchStoresModule);
    extraImports = [...extraImports, BenchStoresModule];
  }
  class PlainController {
    echo(body) {
      return { content: [{ type: 'text', text: String(body?.text ?? '') }] };
    }
    json() {
      return plainJson();
    }
  }
  Controller('plain')(PlainController);
  decorate(PlainController, 'echo', Post('echo'), HttpCode(200));
  Body()(PlainController.prototype, 'echo', 0);
  decorate(PlainController, 'json', Get('json'));
  Reflect.defineMetadata('design:paramtypes', [Object], PlainController.prototype, 'echo');

  class BenchModule {}
  Module({
    imports: [McpModule.forRoot({ name: 'bench', version: '1.0.0', ...mcp }), ...extraImports],
    controllers: [PlainController],
  })(BenchModule);

  const app = await NestFactory.create(BenchModule, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${app.getHttpServer().address().port}`;
  const registry = app.get(McpRegistry);
  registry.addTool({ name: 'echo', description: 'Echoes its text', handler: (args) => ({ content: [{ type: 'text', text: String(args.text ?? '') }] }) });
  return { app, base, registry, mcpUrl: `${base}/mcp` };
}

/** Opens an initialized 2025-11-25 session; returns the headers that carry it. */
export async function openSession(mcpUrl) {
  const init = await fetch(mcpUrl, {
    method: 'POST',
    headers: MCP_HEADERS,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '1.0.0' } },
    }),
  });
  await init.text();
  const headers = { ...MCP_HEADERS, 'mcp-session-id': init.headers.get('mcp-session-id'), 'mcp-protocol-version': '2025-11-25' };
  const ack = await fetch(mcpUrl, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });
  await ack.text();
  return headers;
}

/** Headers of a stateless (2026-07-28) request for `method` (and the tool or resource `name`). */
export function statelessHeaders(method, name) {
  return { ...MCP_HEADERS, 'mcp-protocol-version': '2026-07-28', 'mcp-method': method, ...(name ? { 'mcp-name': name } : {}) };
}

/**
 * Runs load against one URL from a separate process and measures this process's CPU while it runs.
 * Returns CPU µs per request, requests per second and p99 latency.
 */
export function measure(options) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, JSON.stringify({ connections: CONNECTIONS, duration: SECONDS, ...options })], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let start;
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (!start && output.includes('go\n')) start = process.cpuUsage();
    });
    child.once('error', reject);
    child.once('exit', () => {
      const cpu = process.cpuUsage(start);
      try {
        const result = JSON.parse(output.slice(output.indexOf('go\n') + 3));
        if (result.failures > 0) throw new Error(`${result.failures} failed requests against ${options.url}`);
        resolve({ cpuUs: (cpu.user + cpu.system) / result.requests, rps: result.requests / result.seconds, p99: result.p99 });
      } catch (error) {
        reject(new Error(`The load generator failed: ${error.message}\n${output}`));
      }
    });
  });
}

/** A free loopback TCP port. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A private redis-server on a spare port (so command counts are the benchmark's alone); `stop()` ends it. */
export async function startRedis() {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let attempt = 0; ; attempt += 1) {
    const up = await new Promise((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => (socket.destroy(), resolve(true))).once('error', () => (socket.destroy(), resolve(false)));
      socket.connect(port, '127.0.0.1');
    });
    if (up) break;
    if (attempt > 100) throw new Error('redis-server did not start; install Redis to run the Redis benchmarks.');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGKILL')))),
  };
}

/** Prints rows (arrays of cells) as an aligned table under a title. */
export function printTable(title, header, rows) {
  const all = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, column) => Math.max(...all.map((row) => row[column].length)));
  console.log(`\n${title}`);
  for (const [index, row] of all.entries()) {
    console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '));
    if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  }
}

/** A number with a fixed count of decimals. */
export const fixed = (value, decimals = 1) => Number(value).toFixed(decimals);

/** A ratio and whether it meets a target: `0.93× ✓ (≥0.9)`. */
export function verdict(ratio, target, higherIsBetter = true) {
  const ok = higherIsBetter ? ratio >= target : ratio <= target;
  return `${ratio.toFixed(2)}× ${ok ? 'ok' : 'MISS'} (${higherIsBetter ? '≥' : '≤'}${target})`;
}
