import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root } from './processes.mjs';
import { isFailing, WIRES } from './suite.mjs';

const DOCS = join(root, 'docs', 'conformance.md');
const DOCS_START = '<!-- conformance-table:start -->';
const DOCS_END = '<!-- conformance-table:end -->';
const RESULT_LABEL = { pass: 'pass', fail: 'FAIL', skip: 'skipped', missing: 'no result' };
const MAX_LISTED_FAILURES = 3;
const NOTE_WIDTH = 70;

function scoredLabel(result) {
  return result.scored ? 'scored' : `no (${result.notScoredReason ?? 'not listed'})`;
}

function noteFor(result, verdict) {
  const reason = verdict.expected[result.wire]?.[result.scenario];
  if (isFailing(result)) return reason ? `expected: ${reason}` : 'UNEXPECTED FAILURE';
  return reason ? 'NOW PASSES: remove it from the expected failures' : '';
}

/** The summary table on the console: one row per scenario and wire, then the totals. */
export function printTable(results, verdict) {
  const header = ['Scenario', 'Wire', 'Scored', 'Result', 'Passed', 'Failed', 'Warnings', 'Note'];
  const rows = results.map((r) => [
    r.scenario,
    r.wire,
    scoredLabel(r),
    RESULT_LABEL[r.status],
    String(r.passed),
    String(r.failed),
    String(r.warnings),
    noteFor(r, verdict),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  widths[7] = Math.min(widths[7], NOTE_WIDTH);
  const numeric = new Set([4, 5, 6]);
  const format = (row) =>
    row
      .map((cell, column) => {
        const text = column === 7 && cell.length > NOTE_WIDTH ? `${cell.slice(0, NOTE_WIDTH - 3)}...` : cell;
        return numeric.has(column) ? text.padStart(widths[column]) : text.padEnd(widths[column]);
      })
      .join('  ')
      .trimEnd();
  console.log(`\n${format(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}`);
  for (const row of rows) console.log(format(row));
  console.log('');
  for (const line of totals(results)) console.log(line);
}

function totals(results) {
  const lines = [];
  const count = (list) => `${list.filter((r) => !isFailing(r)).length}/${list.length}`;
  for (const wire of WIRES) {
    const own = results.filter((r) => r.wire === wire && !r.extension);
    if (own.length === 0) continue;
    const warnings = own.reduce((sum, r) => sum + r.warnings, 0);
    lines.push(
      `${wire}: scored ${count(own.filter((r) => r.scored))} passing, ` +
        `not scored ${count(own.filter((r) => !r.scored))} passing, ${warnings} warning(s).`,
    );
  }
  const extensions = results.filter((r) => r.extension);
  if (extensions.length > 0) {
    const warnings = extensions.reduce((sum, r) => sum + r.warnings, 0);
    lines.push(`extensions (strict: a skipped check fails): ${count(extensions)} passing, ${warnings} warning(s).`);
  }
  return lines;
}

/** Every warning, the failures nobody expected (a few checks each), and the stale expected failures. */
export function printDetails(results, verdict) {
  const warned = results.filter((r) => r.warnings > 0);
  if (warned.length > 0) {
    console.log('\nWarnings (the target is zero):');
    for (const r of warned) for (const w of r.warningChecks) console.log(`  ${r.scenario} @ ${r.wire}: ${w.id}: ${w.message}`);
  }
  if (verdict.unexpected.length > 0) {
    console.log('\nUnexpected failures (fix them, or list them in conformance/expected-failures.json with the issue):');
    for (const r of verdict.unexpected) {
      if (r.status === 'missing') console.log(`  ${r.scenario} @ ${r.wire}: the suite wrote no checks.json`);
      for (const f of r.failures.slice(0, MAX_LISTED_FAILURES)) console.log(`  ${r.scenario} @ ${r.wire}: ${f.id}: ${f.message}`);
      if (r.failures.length > MAX_LISTED_FAILURES) {
        console.log(`  ${r.scenario} @ ${r.wire}: … ${r.failures.length - MAX_LISTED_FAILURES} more failed check(s) in its checks.json`);
      }
    }
  }
  if (verdict.stale.length > 0) {
    console.log('\nStale expected failures (remove them from conformance/expected-failures.json):');
    for (const s of verdict.stale) console.log(`  ${s.scenario} @ ${s.wire}: ${s.why}`);
  }
}

function markdownTable(results, expected) {
  const lines = [
    '| Scenario | Wire | Scored | Result | Passed | Failed | Warnings | Tracked by |',
    '|---|---|---|---|--:|--:|--:|---|',
  ];
  for (const r of results) {
    const reason = isFailing(r) ? expected[r.wire]?.[r.scenario] ?? '' : '';
    const cells = [r.scenario, r.wire, scoredLabel(r), RESULT_LABEL[r.status], r.passed, r.failed, r.warnings, reason];
    lines.push(`| ${cells.map((cell) => String(cell).replace(/\|/g, '\\|')).join(' | ')} |`);
  }
  lines.push('', ...totals(results).map((line) => `- ${line}`));
  return lines.join('\n');
}

/** `<resultsDir>/<name>.json` (every result and the verdict) and `<name>.md` (the table). */
export function writeSummary(resultsDir, name, results, verdict) {
  const file = join(resultsDir, name);
  const unexpected = verdict.unexpected.map(({ scenario, wire }) => ({ scenario, wire }));
  writeFileSync(`${file}.json`, `${JSON.stringify({ results, unexpected, stale: verdict.stale }, null, 2)}\n`);
  writeFileSync(`${file}.md`, `${markdownTable(results, verdict.expected)}\n`);
  console.log(`\nResults in ${relative(root, resultsDir)}/ (${name}.md, one checks.json per scenario).`);
}

/** Replaces the table between the markers of docs/conformance.md. */
export function writeDocsTable(results, expected) {
  if (!existsSync(DOCS)) return;
  const docs = readFileSync(DOCS, 'utf8');
  const start = docs.indexOf(DOCS_START);
  const end = docs.indexOf(DOCS_END);
  if (start < 0 || end < start) {
    console.log(`Left ${relative(root, DOCS)} alone: it has no ${DOCS_START} … ${DOCS_END} markers.`);
    return;
  }
  const table = markdownTable(results, expected);
  writeFileSync(DOCS, `${docs.slice(0, start + DOCS_START.length)}\n${table}\n${docs.slice(end)}`);
  console.log(`Updated the table in ${relative(root, DOCS)}.`);
}
