#!/usr/bin/env node
/**
 * Runs the official MCP conformance suite against the fixture app in test/conformance/ and compares the outcome
 * with conformance/expected-failures.json.
 *
 *   node scripts/conformance.mjs                      both requirement sets and the extension scenarios, on Express
 *                                                     and Fastify (npm run conformance)
 *   node scripts/conformance.mjs --platform fastify   one HTTP platform
 *   node scripts/conformance.mjs --wire 2025-11-25    one requirement set
 *   node scripts/conformance.mjs --scenario ping      one scenario, at every wire whose set lists it
 *   node scripts/conformance.mjs --update             also rewrite the expected failures and the docs table
 *   node scripts/conformance.mjs --fixture            only build and start the fixture at $PORT (npm run conformance:fixture)
 *   node scripts/conformance.mjs --no-build           reuse dist/ and test/conformance/dist/ as they are
 *
 * A scenario passes when none of its checks is a FAILURE (warnings are shown, not failed). The run exits non-zero
 * when a scenario fails that the expected-failures file does not list, when a listed scenario passes (remove it:
 * the list only shrinks), or when the build, the fixture or the suite breaks.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compare, EXPECTED_FAILURES, readExpected, writeExpected } from './conformance/baseline.mjs';
import { build, FIXTURE_MAIN, startFixture } from './conformance/fixture.mjs';
import { onceExit, root, stopOnSignal } from './conformance/processes.mjs';
import { printDetails, printTable, writeDocsTable, writeSummary } from './conformance/report.mjs';
import { EXTENSION_RUNS, extensionSet, listRequirementSets, runSuite, WIRES } from './conformance/suite.mjs';

const RESULTS = join(root, 'conformance-results');

const { values: options } = parseArgs({
  options: {
    wire: { type: 'string', multiple: true },
    platform: { type: 'string', multiple: true },
    scenario: { type: 'string' },
    update: { type: 'boolean', default: false },
    fixture: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
const wires = options.wire ?? WIRES;
/** The HTTP platforms the fixture runs on, each judged against the same expected failures. */
const PLATFORMS = ['express', 'fastify'];
const platforms = options.platform ?? PLATFORMS;

/** `--fixture`: builds, then runs the fixture in the foreground on 127.0.0.1:$PORT until it is stopped. */
async function serveFixture() {
  if (!options['no-build']) await build();
  const child = spawn(process.execPath, [FIXTURE_MAIN], { cwd: root, stdio: 'inherit', env: process.env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  const [code] = await onceExit(child);
  return code ?? 1;
}

/**
 * Builds, then for each platform starts the fixture, runs the selected requirement sets, reports, compares, and
 * stops the fixture.
 */
async function runConformance(started) {
  if (!options['no-build']) await build();
  const sets = await listRequirementSets();
  const plan = planRuns(sets);
  let problems = 0;
  for (const platform of platforms) {
    problems += await runOnPlatform(platform, sets, plan);
  }
  const outcome = options.update
    ? 'expected failures rewritten from this run'
    : problems === 0
      ? 'matches the expected failures'
      : 'does NOT match the expected failures';
  console.log(`\nConformance on ${platforms.join(' and ')} ${outcome} (${((Date.now() - started) / 1000).toFixed(1)} s).`);
  return problems === 0 || options.update ? 0 : 1;
}

/** Runs the plan against the fixture on one platform; returns how many results disagree with the expectations. */
async function runOnPlatform(platform, sets, plan) {
  const platformResults = join(RESULTS, platform);
  mkdirSync(platformResults, { recursive: true });
  console.log(`\n== ${platform}`);
  const fixture = await startFixture(join(platformResults, 'fixture.log'), platform);
  stopOnSignal(() => fixture.stop());
  const results = [];
  try {
    for (const run of plan) {
      const outputDir = run.extension
        ? join(platformResults, 'extensions', run.scenario)
        : run.scenario
          ? join(platformResults, 'single', run.scenario, run.wire)
          : join(platformResults, run.wire);
      const set = run.extension ? extensionSet(run) : sets[run.wire];
      results.push(...(await runSuite(run, fixture.url, set, outputDir)));
    }
  } finally {
    await fixture.stop();
  }
  if (fixture.crashed()) throw new Error(`The ${platform} fixture exited during the run; see ${relative(root, fixture.logFile)}`);

  const verdict = compare(results, readExpected(), plan);
  printTable(results, verdict);
  printDetails(results, verdict);
  writeSummary(platformResults, options.scenario ? `summary-${options.scenario}` : 'summary', results, verdict);
  if (options.update && platform === platforms[0]) update(results, verdict, plan);
  return verdict.unexpected.length + verdict.stale.length;
}

/**
 * One run per selected wire (the whole requirement set, or one scenario where the set lists it), then the
 * extension scenarios whose wire is selected.
 */
function planRuns(sets) {
  const scenario = options.scenario;
  const extensions = EXTENSION_RUNS.filter((run) => wires.includes(run.wire));
  if (!scenario) return [...wires.map((wire) => ({ wire, scenario: undefined })), ...extensions];
  const extension = extensions.find((run) => run.scenario === scenario);
  if (extension) return [extension];
  const plan = wires
    .filter((wire) => sets[wire].scored.includes(scenario) || sets[wire].notScored.has(scenario))
    .map((wire) => ({ wire, scenario }));
  if (plan.length === 0) {
    throw new Error(`No requirement set among ${wires.join(', ')} lists the server scenario "${scenario}"`);
  }
  return plan;
}

function update(results, verdict, plan) {
  const next = writeExpected(results, verdict.expected, plan);
  console.log(`Updated ${relative(root, EXPECTED_FAILURES)}.`);
  if (options.scenario || !WIRES.every((wire) => wires.includes(wire))) {
    console.log('Left docs/conformance.md alone: only a full run (both wires) rewrites its table.');
    return;
  }
  writeDocsTable(results, next);
}

function usage() {
  const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(2, 17);
  return lines.map((line) => line.replace(/^ \*\/?\s?/, '')).join('\n');
}

if (options.help) {
  console.log(usage());
} else if (platforms.some((platform) => !PLATFORMS.includes(platform))) {
  console.error(`Unknown platform in --platform ${platforms.join(', ')}: use ${PLATFORMS.join(' or ')}.`);
  process.exitCode = 1;
} else if (wires.some((wire) => !WIRES.includes(wire))) {
  console.error(`Unknown wire in --wire ${wires.join(', ')}: use ${WIRES.join(' or ')}.`);
  process.exitCode = 1;
} else {
  try {
    process.exitCode = options.fixture ? await serveFixture() : await runConformance(Date.now());
  } catch (error) {
    console.error(`\n${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
