/**
 * `npm run demo`: what a newcomer relies on when they run it. One run of the whole demo (two
 * offboardings, the dashboard), then what it did in GitHub and what it printed; and the terminal
 * rendering on its own.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo, type DemoResult } from '../../demo/run.js';
import { diffLines, inline, paint, plain, renderLines } from '../../demo/terminal.js';

const BOT = 'github-actions[bot]';
/** The whole run, in lines: "well under 200". */
const LINE_BUDGET = 190;

let outDir: string;
let result: DemoResult;
let lines: string[];
let text: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'demo-'));
  lines = [];
  result = await runDemo({ outDir, print: (line) => lines.push(line) });
  text = lines.join('\n');
}, 120_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** The report's JSON, from the report comment(s). */
function reportJson(): { tasks: Array<{ id: string; state: string; how?: string; doneBy?: string }> } {
  const json = result.comments.map((c) => /```json\n([\s\S]*?)\n```/.exec(c.body)?.[1]).find((j) => j !== undefined);
  expect(json, 'the report carries its JSON').toBeDefined();
  return JSON.parse(json ?? '{}') as ReturnType<typeof reportJson>;
}

describe('npm run demo: what happened in GitHub', () => {
  it('ends with Jordan’s tracker closed as completed, with the report', () => {
    expect(result.closed).toBe(true);
    expect(result.tracker.stateReason).toBe('completed');
    const report = result.comments.filter((c) => c.author === BOT && c.body.includes('<!-- offboarding:report'));
    expect(report.length).toBeGreaterThan(0);
    expect(report[0]?.body).toContain('Offboarding report — Jordan Lee');
    expect(reportJson().tasks.every((t) => t.state === 'done' || t.state === 'na')).toBe(true);
  });

  it('dispatched revoke-okta.yml once, and its run’s `command: complete` made the task done by automation', () => {
    expect(result.dispatches).toHaveLength(1);
    expect(result.dispatches[0]).toMatchObject({
      workflow: 'revoke-okta.yml',
      inputs: { tracker: String(result.issue), task: 'disable-okta', 'employee-login': 'jlee', 'departure-type': 'Involuntary' },
    });
    expect(reportJson().tasks.find((t) => t.id === 'disable-okta')).toMatchObject({ state: 'done', how: 'automation' });
  });

  it('removed Jordan’s organisation access with the org-token and verified it an hour later', () => {
    expect(result.orgWrites).toEqual(expect.arrayContaining([expect.stringMatching(/^DELETE \/orgs\/acme\/memberships\/jlee → 20\d$/)]));
    expect(result.holdings.empty).toBe(true);
    expect(reportJson().tasks.find((t) => t.id === 'revoke-github')).toMatchObject({ state: 'done', how: 'verified' });
    expect(text).toMatch(/offboarding-app\[bot\] \(org-token\): DELETE \/orgs\/acme\/memberships\/jlee/);
  });

  it('answered every command: a 👍 each, a reply for last-day and cancel', () => {
    const byVerb = (verb: string) => result.commands.find((c) => c.body.startsWith(`/offboarding ${verb} `));
    for (const verb of ['na', 'last-day', 'cancel']) expect(byVerb(verb)?.reactions, verb).toEqual([`${BOT}:+1`]);
    expect(byVerb('na')?.issue).toBe(result.issue);
    expect(reportJson().tasks.find((t) => t.id === 'forward-email')).toMatchObject({ state: 'na' });
    expect(byVerb('last-day')?.reply).toMatch(/2026-12-11/);
    expect(byVerb('cancel')?.reply).toMatch(/called off/);
    expect(text).toMatch(/💬 #\d+ it-ivan: \/offboarding na forward-email .* → 👍 github-actions\[bot\]/);
  });

  it('closed the withdrawn resignation as not planned, without a report', () => {
    expect(result.cancelled.number).not.toBe(result.issue);
    expect(result.cancelled.title).toMatch(/Dana Diaz — last day 2026-12-11/);
    expect(result.cancelled.state).toBe('closed');
    expect(result.cancelled.stateReason).toBe('not_planned');
    expect(result.cancelled.labels).toContain('offboarding:cancelled');
    expect(result.cancelledComments.some((c) => c.body.includes('<!-- offboarding:report'))).toBe(false);
  });

  it('kept the dashboard issue, edited in place', () => {
    expect(result.dashboard?.labels).toEqual(['offboarding:dashboard']);
    expect(result.dashboard?.edits.length).toBeGreaterThan(0);
  });
});

describe('npm run demo: what it prints', () => {
  it('prints the whole tracker after intake and at the end, and in between only what changed', () => {
    expect(result.printedTrackers).toHaveLength(2);
    for (const block of result.printedTrackers) {
      const printed = block.map((line, i) => `  ${i === 0 ? '┌' : i === block.length - 1 ? '└' : '│'} ${line}`).join('\n');
      expect(plain(text)).toContain(printed);
    }
    const [start, end] = result.printedTrackers;
    // The account line and its confirmation box are part of it.
    expect(start?.join('\n')).toMatch(/GitHub account whose organisation access the action removes: `jlee`/);
    expect(start?.join('\n')).toMatch(/\[ \] This is the right account/);
    expect(end?.join('\n')).toMatch(/\[x\] This is the right account/);
    expect(text.match(/┌ #\d+ Offboarding: Jordan Lee/g)).toHaveLength(2);
    // Every task of the start is in both trackers; an open task line of the start is never printed again.
    const tasks = (start ?? []).filter((l) => /^\s*\[ \] /.test(l) && !l.includes('right account'));
    expect(tasks.length).toBeGreaterThan(15);
    for (const line of tasks) {
      const title = line.replace(/^\s*\[ \] /, '').split(' — ')[0] ?? '';
      expect(end?.some((l) => l.includes(title)), title).toBe(true);
      expect(lines.filter((l) => l.endsWith(line.trim())), line).toHaveLength(1);
    }
    // Between the two: changed boxes with who ticked them, comments in short form, the status comment as a diff.
    expect(text).toMatch(/#\d+ \[x\] 🔒 Rotate shared secrets the person knew ← sec-sam/);
    expect(text).toMatch(/💬 #\d+ github-actions\[bot\], escalation: 🚨 Overdue offboarding tasks/);
    expect(text).toMatch(/✎ #\d+ github-actions\[bot\] edited the status comment/);
    expect(text).toMatch(/^ {5}~ Offboarding status — \d+ of \d+ done/m);
    expect(text).toMatch(/⚙ github-actions\[bot\] dispatched revoke-okta\.yml/);
    // What the boxes do not show, said at the end: the tasks the action did.
    expect(end?.find((l) => l.includes('Deactivate the Okta account'))).toMatch(/← done by automation/);
  });

  it('says the checklist is the example plus one change', () => {
    expect(lines.slice(0, 3).join('\n')).toMatch(/examples\/\.github\/offboarding\.yml[\s\S]*disable-okta \(workflow: revoke-okta\.yml\)/);
  });

  it(`stays under ${LINE_BUDGET} lines, with no hidden markers and no Markdown escapes`, () => {
    expect(lines.length).toBeLessThan(LINE_BUDGET);
    expect(result.lines).toBe(lines.length);
    expect(text).not.toContain('<!--');
    expect(text).not.toMatch(/\\[!-/:-@[-`{-~]/);
    expect(text).not.toMatch(/&#\d+;|&amp;|&lt;/);
    expect(text).toContain('Recover YubiKey 5C #2231');
    // Without colour: no escape codes either.
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/\u001b\[/);
  });
});

describe('npm run demo: the page', () => {
  it('writes the issue page at the end with its timeline', () => {
    expect(result.htmlPath).toBe(join(outDir, 'offboarding-demo.html'));
    const html = readFileSync(result.htmlPath, 'utf8');
    expect(html).not.toMatch(/<script|https?:\/\/(?!github\.com)[^"\s<]*\.(css|js|png|woff)/);
    // The tracker: its marker kept as an HTML comment, each box of the body a checkbox, as ticked as in the body.
    expect(html).toContain('<!-- offboarding:tracker v1 -->');
    const body = result.tracker.body ?? '';
    const boxes = html.match(/<input type="checkbox"[^>]*>/g) ?? [];
    expect(boxes).toHaveLength((body.match(/^- \[[ xX]\] /gm) ?? []).length);
    expect(boxes.filter((b) => /checked/.test(b))).toHaveLength((body.match(/^- \[[xX]\] /gm) ?? []).length);
    expect(html).toContain('<!-- offboarding:status -->');
    expect(html).toContain('<h2>Offboarding report — Jordan Lee</h2>');
    expect(html).toContain('Overdue offboarding tasks — access is still open');
    expect(html).toContain('<span class="mention">@it-ivan</span>');
    expect(html).toContain('✓ Closed');
    expect(result.steps.length).toBeGreaterThan(8);
    for (const step of result.steps) expect(html).toContain(step.title.replace(/'/g, '&#39;'));
    // The departing employee is never mentioned.
    expect(html).not.toMatch(/@jlee\b/);
  });
});

describe('the terminal rendering', () => {
  const p = paint(false);

  it('resolves escapes and entities, keeps code spans, drops markers', () => {
    expect(inline('Recover YubiKey 5C \\#2231 \\*not bold\\*', p)).toBe('Recover YubiKey 5C #2231 *not bold*');
    expect(inline('**Fix this first: `jlee` can read** &#35;1 [run](https://x/1)', p)).toBe('Fix this first: `jlee` can read #1 run <https://x/1>');
    expect(inline('`a\\#b` stays', p)).toBe('`a\\#b` stays');
    const colour = paint(true);
    expect(inline('**bold `code` on**', colour)).toBe('\u001b[1mbold `code` on\u001b[22m');
  });

  it('lays out a body compactly: boxes, headings, a collapsed <details>, an alert on one line', () => {
    const body = [
      '<!-- offboarding:tracker v1 -->',
      '## Immediate <!-- phase:immediate -->',
      '',
      '- [ ] 🔒 Disable email <!-- task:disable-email -->',
      '- [x] Revoke VPN <!-- task:revoke-vpn -->',
      '',
      '> [!CAUTION]',
      '> **Fix this first**',
      '',
      '## Notes',
      '',
      '> Do not contact Jordan.',
      '',
      '<details><summary>Original request</summary>',
      '',
      '<pre>',
      '&#35;&#35;&#35; Employee name',
      '</pre>',
      '',
      '</details>',
      '<!-- offboarding:plan z:abc',
      'def -->',
    ].join('\n');
    expect(renderLines(body, p)).toEqual([
      'Immediate',
      '[ ] 🔒 Disable email',
      '[x] Revoke VPN',
      '▲ Caution: Fix this first',
      'Notes │ Do not contact Jordan.',
      '▸ Original request',
    ]);
  });

  it('diffs in place: numbers changed are one ~ line, a new time alone is no change', () => {
    const before = ['Offboarding status — 5 of 20 done (25%)', 'Next deadline: A — Mon 30 Nov 2026, 11:00 CET', 'Team: held, checked at Mon 30 Nov 2026, 10:00 CET', 'Waiting'];
    const after = ['Offboarding status — 6 of 20 done (30%)', 'Next deadline: B — Tue 1 Dec 2026, 23:59 CET', 'Team: held, checked at Mon 30 Nov 2026, 11:05 CET', 'Confirmed'];
    expect(diffLines(before, after)).toEqual([
      { op: '-', line: 'Waiting' },
      { op: '~', line: 'Offboarding status — 6 of 20 done (30%)' },
      { op: '~', line: 'Next deadline: B — Tue 1 Dec 2026, 23:59 CET' },
      { op: '+', line: 'Confirmed' },
    ]);
    expect(diffLines(['a', 'b'], ['a', 'b'])).toEqual([]);
  });
});
