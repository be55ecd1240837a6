import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/** Process groups of the commands started here (the suite's npx), stopped if this script is interrupted. */
const detachedGroups = new Set();

/** On SIGINT/SIGTERM: stops the running commands, then `onStop()` (the fixture), and exits. */
export function stopOnSignal(onStop) {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, async () => {
      for (const pid of detachedGroups) process.kill(-pid, 'SIGTERM');
      await onStop();
      process.exit(130);
    });
  }
}

/** Resolves with `[code, signal]` when the child exits. */
export function onceExit(child) {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve([code, signal])));
}

/**
 * Runs a command in its own process group from the repository root; resolves with its exit code and combined
 * output. The whole group is killed after `timeoutMs` (npx starts a shell, which starts the suite).
 */
export function execRaw(command, args, timeoutMs = DEFAULT_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    detachedGroups.add(child.pid);
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      output += `\n[conformance] killed after ${timeoutMs / 1000} s\n`;
      process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      detachedGroups.delete(child.pid);
      reject(new Error(`Cannot run ${command}: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      detachedGroups.delete(child.pid);
      resolve({ code: code ?? signal, output });
    });
  });
}

/** Like {@link execRaw}, but a non-zero exit is an error whose message is `failure` plus the output. */
export async function exec(command, args, failure) {
  const { code, output } = await execRaw(command, args);
  if (code !== 0) throw new Error(`${failure} (exit code ${code}):\n${output}`);
  return output;
}

/** Quotes a value for `sh -c`. */
export function shellQuote(value) {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Seconds since `since`, for progress lines. */
export function elapsed(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
