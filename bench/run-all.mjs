/**
 * Runs every benchmark of the repository one after the other (`npm run bench` builds first, then runs this).
 * Each script is a separate Node process with the flags it needs; a failing script fails the run after the others.
 * To add a benchmark, add its file and flags to BENCHMARKS.
 *
 * Environment: BENCH_SECONDS (seconds per measured run), BENCH_CONNECTIONS (concurrent connections).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Each benchmark: its file in bench/, and extra Node flags. */
const BENCHMARKS = [
  { file: 'route-vs-mcp.bench.mjs', flags: [] },
  { file: 'sessions.bench.mjs', flags: ['--expose-gc'] },
  { file: 'lists.bench.mjs', flags: [] },
  { file: 'redis.bench.mjs', flags: [] },
];

const only = process.argv.slice(2);
const failed = [];
const started = Date.now();
console.log(`node ${process.version}; each measured run ${process.env.BENCH_SECONDS ?? 'the script default'} s`);
for (const { file, flags } of BENCHMARKS) {
  if (only.length > 0 && !only.some((name) => file.startsWith(name))) continue;
  console.log(`\n=== ${file}`);
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [...flags, fileURLToPath(new URL(file, import.meta.url))], { stdio: 'inherit' });
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  });
  if (code !== 0) failed.push(file);
}
console.log(`\nAll benchmarks took ${Math.round((Date.now() - started) / 1000)} s.`);
if (failed.length > 0) {
  console.error(`Failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
