import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { root } from './processes.mjs';
import { isFailing, WIRES } from './suite.mjs';

/** `{ "<wire>": { "<scenario>": "<issue or reason>" } }`: what does not pass yet, and why. */
export const EXPECTED_FAILURES = join(root, 'conformance', 'expected-failures.json');
const TODO_REASON = 'TODO: name the issue or the reason';

export function readExpected() {
  if (!existsSync(EXPECTED_FAILURES)) return Object.fromEntries(WIRES.map((wire) => [wire, {}]));
  const parsed = JSON.parse(readFileSync(EXPECTED_FAILURES, 'utf8'));
  for (const wire of WIRES) parsed[wire] ??= {};
  return parsed;
}

/**
 * Failures the list does not expect, and listed entries that are stale: the scenario passes now, or the
 * requirement set does not run it. A single-scenario run judges only that scenario's entries.
 */
export function compare(results, expected, plan) {
  const unexpected = results.filter((result) => isFailing(result) && !expected[result.wire][result.scenario]);
  const stale = [];
  for (const run of plan) {
    for (const scenario of Object.keys(expected[run.wire])) {
      if (run.scenario && scenario !== run.scenario) continue;
      const result = results.find((r) => r.wire === run.wire && r.scenario === scenario);
      if (!result) stale.push({ wire: run.wire, scenario, why: 'not in this requirement set' });
      else if (!isFailing(result)) stale.push({ wire: run.wire, scenario, why: 'now passes' });
    }
  }
  return { expected, unexpected, stale };
}

/**
 * Rewrites the list for the wires (or the scenario) that ran: exactly the failing scenarios, keeping known reasons
 * and marking new ones TODO. Returns the new list.
 */
export function writeExpected(results, expected, plan) {
  const next = structuredClone(expected);
  for (const run of plan) {
    const entries = run.scenario ? { ...next[run.wire] } : {};
    if (run.scenario) delete entries[run.scenario];
    for (const result of results.filter((r) => r.wire === run.wire && isFailing(r))) {
      entries[result.scenario] = expected[run.wire][result.scenario] ?? TODO_REASON;
    }
    next[run.wire] = entries;
  }
  mkdirSync(dirname(EXPECTED_FAILURES), { recursive: true });
  writeFileSync(EXPECTED_FAILURES, `${JSON.stringify(next, null, 2)}\n`);
  return next;
}
