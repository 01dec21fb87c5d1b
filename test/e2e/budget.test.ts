/**
 * The sweep's content budget, in-process against the emulator: trackers made by the action's
 * intake, then sweeps through a context like the CLI's with a small budget (the constant is 450 an
 * hour; `contentBudget` is the tests' override). Security escalations go first, the rest wait for the
 * next sweep and are posted then, nothing is posted twice, and the job summary says what waited.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { escalationKeys } from '../../src/domain/markers.js';
import { contentPacer } from '../../src/shell/pace.js';
import { sweep } from '../../src/shell/sweep.js';
import type { ContentBudget } from '../../src/sweep/budget.js';
import { renderJobSummary, summaryJson, type SweepResult } from '../../src/sweep/summary.js';
import { form } from '../support/form.js';
import { testContext } from '../support/context.js';
import { runAction } from '../support/runner.js';
import { OWNERS, people } from '../support/people.js';

const USERS = people({ 'cio-carla': 'admin', jdoe: 'none', jroe: 'none', jkim: 'none', jlee: 'none' });

// A reminder a day before each ordinary deadline, so that some content is only a reminder.
const CHECKLIST = `
${OWNERS}escalation:
  default:
    - { after: -1d, notify: [owners] }
    - { after: 0h, notify: [owners] }
    - { after: 1bd, notify: [owners, manager, escalate-to] }
`;

const IMMEDIATE = ['disable-email', 'revoke-vpn', 'remove-slack', 'revoke-github', 'disable-aws', 'revoke-sessions', 'rotate-shared-secrets'];
const ESCALATION = '<!-- offboarding:escalation';
let gh: Emulator;

beforeEach(async () => {
  gh = await startEmulator({ now: new Date('2026-11-26T10:00:00Z'), users: USERS });
  gh.state.putFile('.github/offboarding.yml', CHECKLIST);
});
afterEach(async () => gh.close());

async function tracker(overrides = {}): Promise<number> {
  const { number, payload } = gh.fileIssue({ author: 'hr-hana', title: 'Offboarding: ', body: form(overrides), labels: ['offboarding'] });
  const run = await runAction(gh, { event: 'issues', payload });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return number;
}

/** Ticks every security task (their events run the action, as in the UI). */
async function tickSecurity(number: number): Promise<void> {
  for (const taskId of IMMEDIATE) {
    const run = await runAction(gh, { event: 'issues', payload: gh.tick(number, { actor: taskId === 'rotate-shared-secrets' ? 'sec-sam' : 'it-ivan', taskId }) });
    expect(run.code, run.stdout).toBe(0);
  }
}

/**
 * Four trackers, filed in this order: #r only has reminders due, #e only ordinary escalations, #s1
 * and #s2 overdue security tasks (and reminders) — at 2026-12-05T00:30Z.
 */
async function backlog(): Promise<{ r: number; e: number; s1: number; s2: number }> {
  const r = await tracker({ 'employee-name': 'Rae Doe', 'employee-login': 'jdoe' });
  const e = await tracker({ 'employee-name': 'Eli Roe', 'employee-login': 'jroe', 'last-day': '2026-12-01' });
  const s1 = await tracker({ 'employee-name': 'Sam Kim', 'employee-login': 'jkim' });
  const s2 = await tracker({ 'employee-name': 'Sol Lee', 'employee-login': 'jlee' });
  await tickSecurity(r);
  await tickSecurity(e);
  gh.clock.set('2026-12-05T00:30:00Z');
  return { r, e, s1, s2 };
}

async function sweepWith(budget: Partial<ContentBudget>, options: { dryRun?: boolean } = {}): Promise<{ result: SweepResult; summary: string; lines: string[] }> {
  const lines: string[] = [];
  const ctx = testContext(gh, lines, { dryRun: options.dryRun ?? false, timeScale: 0.01, contentBudget: { perHour: 450, perMinute: 70, ...budget } });
  const result = await sweep(ctx, () => undefined);
  expect(result.failed, lines.join('\n')).toEqual([]);
  return { result, summary: renderJobSummary(result, ctx.now, `https://github.com/${gh.owner}/${gh.repo}`), lines };
}

function escalations(number: number): string[] {
  return gh.state.comments(number).filter((c) => c.body.includes(ESCALATION)).map((c) => c.body);
}

/** Every escalation key posted on the tracker, in order: a key twice is a duplicate notification. */
function postedKeys(number: number): string[] {
  return escalations(number).flatMap((body) => escalationKeys(body));
}

function commentsPosted(): number {
  return gh.log.writes().filter((w) => w.method === 'POST' && /\/issues\/\d+\/comments$/.test(w.path)).length;
}

describe('the content budget', () => {
  it('posts security escalations first, holds the rest, and the next sweep posts them once', async () => {
    const { r, e, s1, s2 } = await backlog();
    gh.log.clear();
    const first = await sweepWith({ perHour: 2 });
    // The budget buys two comments: both security trackers, although #r and #e were filed first.
    expect(commentsPosted()).toBe(2);
    expect(escalations(s1)).toHaveLength(1);
    expect(escalations(s2)).toHaveLength(1);
    expect(escalations(e)).toHaveLength(0);
    expect(escalations(r)).toHaveLength(0);
    expect(first.result.content?.held).toMatchObject({ 'security-escalation': 0, escalation: 1, reminder: 1 });
    expect(first.summary).toContain('### Held back for the next sweep');
    expect(first.summary).toMatch(/The action keeps any hour to 2; it created 0 in the hour before this run, which left room for 2: this run posted 2 and held back:/);
    expect(first.summary).toContain('- 1 escalation comment about other overdue tasks');
    expect(first.summary).toContain('- 1 reminder');
    expect(first.lines).toEqual(expect.arrayContaining([expect.stringMatching(/^warning: Held back for the next sweep: 1 escalation comment, 1 reminder\. GitHub allows 500/)]));
    expect(JSON.parse(summaryJson(first.result)).held).toMatchObject({ escalation: 1, reminder: 1 });
    // A held tracker is still reconciled: its overdue label is set, its status comment current.
    expect(gh.state.issue(e).labels).toContain('offboarding:overdue');

    // Ten minutes later the hour still holds those two comments: nothing more is posted.
    gh.clock.set('2026-12-05T00:40:00Z');
    gh.log.clear();
    const soon = await sweepWith({ perHour: 2 });
    expect(commentsPosted()).toBe(0);
    expect(soon.summary).toMatch(/it created 2 in the hour before this run, which left room for 0: this run posted 0 and held back:/);

    // An hour and a half later the held escalation and reminder go out, each once.
    gh.clock.set('2026-12-05T02:00:00Z');
    gh.log.clear();
    const next = await sweepWith({ perHour: 2 });
    expect(commentsPosted()).toBe(2);
    expect(next.summary).not.toContain('Held back');
    expect(escalations(e)).toHaveLength(1);
    expect(escalations(r)).toHaveLength(1);
    expect(escalations(r)[0]).toContain('### 🔔 Offboarding tasks due soon');
    expect(escalations(e)[0]).toContain('### ⏰ Overdue offboarding tasks');

    // Nothing is posted twice, and a sweep with nothing new writes nothing.
    gh.log.clear();
    await sweepWith({ perHour: 2 });
    expect(gh.log.writes()).toEqual([]);
    for (const n of [r, e, s1, s2]) {
      const keys = postedKeys(n);
      expect(new Set(keys).size, `#${n}: ${keys.join(' ')}`).toBe(keys.length);
    }
  });

  it('spends a budget of one on the most overdue security tracker, and says so in a dry run too', async () => {
    const { r, e, s1, s2 } = await backlog();
    gh.log.clear();
    const dry = await sweepWith({ perHour: 1 }, { dryRun: true });
    expect(gh.log.writes()).toEqual([]);
    expect(dry.summary).toMatch(/left room for 1: this run would post 1 and held back:/);
    expect(dry.lines.filter((l) => /\[dry-run\] would #\d+: post escalation comment/.test(l))).toEqual([expect.stringContaining(`#${s1}:`)]);

    await sweepWith({ perHour: 1 });
    expect([r, e, s1, s2].map((n) => escalations(n).length)).toEqual([0, 0, 1, 0]);
    gh.clock.set('2026-12-05T01:31:00Z');
    const second = await sweepWith({ perHour: 1 });
    expect([r, e, s1, s2].map((n) => escalations(n).length)).toEqual([0, 0, 1, 1]);
    expect(second.result.content?.held).toMatchObject({ 'security-escalation': 0, escalation: 1, reminder: 1 });
  });

  it('without a backlog, holds nothing and says nothing', async () => {
    const { r, e, s1, s2 } = await backlog();
    const run = await sweepWith({});
    expect([r, e, s1, s2].map((n) => escalations(n).length)).toEqual([1, 1, 1, 1]);
    expect(run.summary).not.toContain('Held back');
    expect(run.result.content).toMatchObject({ perHour: 450, recent: 0, room: 450, planned: 4, made: 4 });
  });
});

describe('the content pacer', () => {
  it('lets at most perMinute requests into any window and waits for the oldest to leave it', async () => {
    const waits: number[] = [];
    let clock = 0;
    const realNow = performance.now.bind(performance);
    const pacer = contentPacer(2, 1000, async (ms) => {
      waits.push(Math.round(ms));
      clock += ms;
    });
    performance.now = () => clock;
    try {
      for (let i = 0; i < 5; i += 1) await pacer.before();
    } finally {
      performance.now = realNow;
    }
    expect(pacer.made()).toBe(5);
    // Two at once, then each further one waits until the oldest of the last two is a window old.
    expect(waits).toEqual([1001, 1001]);
  });
});
