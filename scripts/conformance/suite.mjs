import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { elapsed, exec, execRaw, root, shellQuote } from './processes.mjs';

/** The suite and the Node it needs (0.2.0 alphas import `fs.globSync`, Node 22+), brought by npx. */
const SUITE_PACKAGE = '@modelcontextprotocol/conformance@0.2.0-alpha.12';
const SUITE_NODE = 'node@22';
const SUITE_TIMEOUT_MS = 10 * 60_000;

/** The requirement sets, each run at its own wire. */
export const WIRES = ['2025-11-25', '2026-07-28'];

/**
 * Extension scenarios that no requirement set lists, each run alone with `--force` at the wire its extension is
 * specified against. They are strict: a SKIPPED check fails them (a skip means the fixture stopped declaring the
 * extension or a prerequisite went missing).
 */
export const EXTENSION_RUNS = ['sep-2640-skills-directory', 'sep-2640-skills-enumeration', 'sep-2640-skills-manifest'].map(
  (scenario) => ({ scenario, wire: '2026-07-28', extension: 'io.modelcontextprotocol/skills' }),
);
const EXTENSION_REASON = 'extension, strict';

/** The requirement-set stand-in of an extension run: one not-scored scenario. */
export function extensionSet(run) {
  return { scored: [], notScored: new Map([[run.scenario, EXTENSION_REASON]]) };
}

function suiteCommand(commandLine) {
  return ['npx', ['-y', '-p', SUITE_NODE, '-p', SUITE_PACKAGE, '-c', commandLine]];
}

/**
 * For each requirement set, the server scenarios it scores and those it runs without scoring (with the suite's
 * reason: `pending`, `extension`, `added-after-release`), as `conformance list` prints them.
 */
export async function listRequirementSets() {
  const commandLine = WIRES.map((wire) => `conformance list --server --requirements ${wire} && echo '@@end'`).join(' && ');
  const [command, args] = suiteCommand(commandLine);
  const sections = (await exec(command, args, 'Listing the requirement sets failed')).split('@@end');
  return Object.fromEntries(WIRES.map((wire, index) => [wire, parseList(sections[index] ?? '', wire)]));
}

function parseList(text, wire) {
  const scored = [];
  const notScored = new Map();
  let mode = 'none';
  let reason = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('Server scenarios')) mode = 'scored';
    else if (line.startsWith('Client scenarios')) mode = 'none';
    else if (line.startsWith('Run and reported, but never scored')) mode = 'not-scored';
    else if (mode === 'scored' && /^\s+- /.test(line)) scored.push(line.trim().slice(2).trim());
    else if (mode === 'not-scored' && /^\s{2}\S.*\(\d+\):$/.test(line)) reason = line.trim().replace(/\s*\(\d+\):$/, '');
    else if (mode === 'not-scored' && /^\s+- .*\[server\]$/.test(line)) {
      notScored.set(line.trim().slice(2).replace(/\s*\[server\]$/, ''), reason);
    }
  }
  if (scored.length === 0) throw new Error(`Could not read the scenarios of requirement set ${wire} from:\n${text}`);
  return { scored, notScored };
}

/**
 * Runs one requirement set (or one scenario of it) against `url`, writing the suite's files and log to
 * `outputDir`, and returns one result per scenario the run should have produced.
 */
export async function runSuite({ wire, scenario, extension }, url, set, outputDir) {
  rmSync(outputDir, { recursive: true, force: true });
  mkdirSync(outputDir, { recursive: true });
  const selection = scenario
    ? ['--scenario', scenario, '--spec-version', wire, ...(extension ? ['--force'] : [])]
    : ['--requirements', wire];
  const commandLine = ['conformance', 'server', '--url', url, ...selection, '-o', outputDir].map(shellQuote).join(' ');

  const step = Date.now();
  process.stdout.write(
    scenario
      ? `Running ${scenario} at ${wire}… `
      : `Running requirements ${wire} (${set.scored.length} scored, ${set.notScored.size} not scored)… `,
  );
  const [command, args] = suiteCommand(commandLine);
  const { code, output } = await execRaw(command, args, SUITE_TIMEOUT_MS);
  writeFileSync(join(outputDir, 'suite.log'), output);
  console.log(`done in ${elapsed(step)} (suite exit code ${code}).`);

  const checksByScenario = readChecks(outputDir);
  if (checksByScenario.size === 0) {
    throw new Error(`The suite wrote no results for ${wire}; see ${relative(root, join(outputDir, 'suite.log'))}`);
  }
  const scenarios = scenario ? [scenario] : [...set.scored, ...set.notScored.keys()];
  return scenarios.map((name) =>
    summarise(name, wire, set, checksByScenario.get(name) ?? crashOf(name, output), Boolean(extension)),
  );
}

/** The newest `checks.json` of each scenario in an output directory (`server-<scenario>-<timestamp>/`). */
function readChecks(outputDir) {
  const byScenario = new Map();
  const folders = readdirSync(outputDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  for (const folder of folders) {
    const match = /^server-(.+)-(\d{4}-\d{2}-\d{2}T[\d-]+Z)$/.exec(folder);
    const file = join(outputDir, folder, 'checks.json');
    if (match && existsSync(file)) byScenario.set(match[1], JSON.parse(readFileSync(file, 'utf8')));
  }
  return byScenario;
}

/** A scenario that crashed writes no checks.json; the suite's log says why. */
function crashOf(scenario, output) {
  const line = output.split('\n').find((text) => text.startsWith(`Failed to run scenario ${scenario}:`));
  if (!line) return undefined;
  return [{ id: 'scenario-crashed', status: 'FAILURE', errorMessage: line.slice(line.indexOf(':') + 1).trim() }];
}

/**
 * One scenario's result: `fail` with any FAILURE check, else `pass` with at least one SUCCESS, else `skip`
 * (only SKIPPED/INFO checks); `missing` when the suite wrote nothing for it. In a strict (extension) run a
 * SKIPPED check is a failure.
 */
function summarise(scenario, wire, set, checks, strict) {
  const scored = set.scored.includes(scenario);
  const base = { scenario, wire, scored, extension: strict, notScoredReason: scored ? undefined : set.notScored.get(scenario) };
  if (!checks) {
    return { ...base, status: 'missing', passed: 0, failed: 0, warnings: 0, failures: [], warningChecks: [] };
  }
  const pick = (status) => checks.filter((check) => check.status === status);
  const failures = [...pick('FAILURE'), ...(strict ? pick('SKIPPED') : [])].map(brief);
  const warningChecks = pick('WARNING').map(brief);
  const passed = pick('SUCCESS').length;
  const status = failures.length > 0 ? 'fail' : passed > 0 ? 'pass' : 'skip';
  return { ...base, status, passed, failed: failures.length, warnings: warningChecks.length, failures, warningChecks };
}

function brief(check) {
  const message = String(check.errorMessage ?? check.description ?? '').replace(/\s+/g, ' ');
  return { id: check.id, message: message.length > 300 ? `${message.slice(0, 297)}...` : message };
}

/** Whether a result counts as failing (against the expected-failures list). */
export function isFailing(result) {
  return result.status === 'fail' || result.status === 'missing';
}
