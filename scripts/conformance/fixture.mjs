import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { elapsed, exec, onceExit, root } from './processes.mjs';

const FIXTURE_CONFIG = join(root, 'test', 'conformance', 'tsconfig.json');
export const FIXTURE_MAIN = join(root, 'test', 'conformance', 'dist', 'main.js');
const READY = /listening on (http:\/\/\S+)/;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

/** Builds the package (`npm run build`, so the fixture's `nestjs-mcp` import resolves to dist/) and the fixture. */
export async function build() {
  const step = Date.now();
  process.stdout.write('Building the package and the fixture… ');
  await exec('npm', ['run', 'build'], 'The package build (npm run build) failed');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  await exec(process.execPath, [tsc, '-p', FIXTURE_CONFIG], 'The fixture build failed');
  console.log(`done in ${elapsed(step)}.`);
}

/**
 * Starts the fixture on a free loopback port (`PORT=0`) on one HTTP platform (`express` or `fastify`) and
 * resolves once it printed its URL. Its output goes to `logFile`.
 */
export async function startFixture(logFile, platform = 'express') {
  const child = spawn(process.execPath, [FIXTURE_MAIN], {
    cwd: root,
    env: { ...process.env, PORT: '0', MCP_PLATFORM: platform },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  let stopping = false;
  let exited = false;
  const append = (chunk) => {
    log += chunk;
    writeFileSync(logFile, log);
  };
  child.stdout.setEncoding('utf8').on('data', append);
  child.stderr.setEncoding('utf8').on('data', append);
  const exit = onceExit(child).then((result) => {
    exited = true;
    return result;
  });

  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The fixture did not start within ${START_TIMEOUT_MS / 1000} s:\n${log}`)),
      START_TIMEOUT_MS,
    );
    child.stdout.on('data', () => {
      const match = READY.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    exit.then(([code, signal]) => {
      clearTimeout(timer);
      reject(new Error(`The fixture exited before it was ready (${signal ?? `code ${code}`}):\n${log}`));
    });
  });
  console.log(`Fixture (${platform}) listening on ${url} (pid ${child.pid}).`);

  return {
    url,
    logFile,
    /** Whether it exited on its own (not through `stop()`). */
    crashed: () => exited && !stopping,
    async stop() {
      stopping = true;
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exit;
      clearTimeout(killer);
    },
  };
}
