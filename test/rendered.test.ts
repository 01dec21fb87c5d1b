/**
 * What people read, pinned as text: each case under test/fixtures/rendered/ files a form, runs the
 * events in its input.json through the core on a fixed clock, and compares the tracker at intake,
 * the status comment at the end, the final report's parts and the action's other comments with the
 * golden files beside it. A change of wording or layout shows up here as a readable diff; rewrite the
 * files on purpose with `UPDATE_FIXTURES=1 npx vitest run test/rendered.test.ts`.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_LENGTH } from '../src/domain/limits.js';
import { checkGolden, checkStale, normalise } from './rendered/golden.js';
import { readInput, runScenario } from './rendered/scenario.js';

const CASES = resolve(import.meta.dirname, 'fixtures', 'rendered');
const OUTPUT = /^(tracker|status|report-\d+|comment-\d+-[\w-]+)\.md$/;

describe.each(readdirSync(CASES).sort())('rendered: %s', (name) => {
  const dir = join(CASES, name);
  const input = readInput(dir);

  it(`${input.about.slice(0, 80)}…`, () => {
    const out = runScenario(dir);
    const files: Array<[string, string]> = [
      ['tracker.md', out.tracker],
      ['status.md', out.status],
      ...out.reports.map((body, i): [string, string] => [`report-${i + 1}.md`, body]),
      ...out.comments.map((c, i): [string, string] => [`comment-${String(i + 1).padStart(2, '0')}-${c.purpose}.md`, c.body]),
    ];
    const problems = [
      ...files.map(([file, text]) => checkGolden(dir, file, normalise(text))),
      checkStale(dir, OUTPUT, files.map(([file]) => file)),
    ].filter((p): p is string => p !== undefined);
    expect(problems, problems.join('\n\n')).toEqual([]);

    // What must hold whatever the wording.
    expect(out.state).toBe(input.expect.state);
    if (input.expect.reason) expect(out.closeReason).toBe(input.expect.reason);
    for (const [, text] of files) expect(text.length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
    if (input.expect.minReportParts !== undefined) expect(out.reports.length).toBeGreaterThanOrEqual(input.expect.minReportParts);
    if (input.expect.state === 'closed' && input.expect.reason === 'completed') expect(out.reports.length).toBeGreaterThan(0);
    if (out.report) {
      if (input.expect.escalations !== undefined) expect(out.report.escalations.filter((e) => !e.reminder)).toHaveLength(input.expect.escalations);
      if (input.expect.reminders !== undefined) expect(out.report.escalations.filter((e) => e.reminder)).toHaveLength(input.expect.reminders);
      if (input.expect.na !== undefined) expect(out.report.tasks.filter((t) => t.state === 'na')).toHaveLength(input.expect.na);
    }
  });
});
