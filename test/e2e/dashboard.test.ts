/**
 * The dashboard issue, in-process against the emulator: trackers made by the action's intake, a sweep
 * for their summaries, then `keepDashboard` through a context like the CLI's.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type IssueView } from '../../emulator/index.js';
import type { RunContext } from '../../src/shell/context.js';
import { keepDashboard } from '../../src/shell/dashboard.js';
import { sweep } from '../../src/shell/sweep.js';
import { form } from '../support/form.js';
import { testContext } from '../support/context.js';
import { runAction } from '../support/runner.js';
import { OWNERS, people } from '../support/people.js';

const USERS = people({ 'cio-carla': 'admin', jdoe: 'write', jroe: 'none' });

const CHECKLIST = `
timezone: Europe/Berlin
${OWNERS}`;

const TITLE = 'Offboarding dashboard';
const MARKER = '<!-- offboarding:dashboard -->';
let gh: Emulator;
let url: string;

beforeEach(async () => {
  gh = await startEmulator({ now: new Date('2026-11-26T10:00:00Z'), users: USERS });
  gh.state.putFile('.github/offboarding.yml', CHECKLIST);
  url = `https://github.com/${gh.owner}/${gh.repo}`;
});
afterEach(async () => gh.close());

async function tracker(overrides = {}): Promise<number> {
  const { number, payload } = gh.fileIssue({ author: 'hr-hana', title: 'Offboarding: ', body: form(overrides), labels: ['offboarding'] });
  const run = await runAction(gh, { event: 'issues', payload });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return number;
}

/** A run's context as the CLI's `connect` builds it, at the emulator's time. */
function context(options: { dryRun?: boolean; lines?: string[] } = {}): RunContext {
  const lines = options.lines ?? [];
  return testContext(gh, lines, { dryRun: options.dryRun ?? false });
}

/** A sweep, then the dashboard step: the writes that step made, as it counts them and as GitHub saw them. */
async function keep(options: { dryRun?: boolean; lines?: string[] } = {}): Promise<{ made: number; writes: string[] }> {
  const ctx = context(options);
  const result = await sweep(ctx);
  expect(result.failed).toEqual([]);
  gh.log.clear();
  const made = await keepDashboard(ctx, result.trackers, url);
  return { made, writes: gh.log.writes().map((w) => `${w.method} ${w.path}`) };
}

function dashboards(): IssueView[] {
  return gh.state.issues().filter((i) => i.title === TITLE);
}

function dashboard(): IssueView {
  const found = dashboards();
  expect(found).toHaveLength(1);
  return found[0] as IssueView;
}

function body(): string {
  return dashboard().body ?? '';
}

/** Mentions GitHub would notify: `@login` not broken by a zero-width space, not in code. */
function mentions(text: string): string[] {
  return [...new Set([...text.matchAll(/(?<![\w`\u200b])@([A-Za-z0-9-]+)/g)].map((m) => m[1] as string))].sort();
}

describe('the dashboard issue', () => {
  it('is created once, with its title, label (made with colour and description) and marker', async () => {
    const n = await tracker();
    const first = await keep();
    expect(first.writes).toEqual(['POST /repos/acme/people-ops/labels', 'POST /repos/acme/people-ops/issues']);
    expect(first.made).toBe(2);
    const issue = dashboard();
    expect(issue.title).toBe(TITLE);
    expect(issue.labels).toEqual(['offboarding:dashboard']);
    expect(issue.author).toBe(gh.botLogin);
    expect(issue.body?.startsWith(MARKER)).toBe(true);
    expect(gh.state.labels().find((l) => l.name === 'offboarding:dashboard')).toMatchObject({
      color: '0e8a16',
      description: 'The offboarding dashboard: every open offboarding at a glance',
    });
    expect(body()).toContain(`[#${n}](${url}/issues/${n})`);
    expect(body()).toMatch(new RegExp(`\\| \\[#${n}\\]\\([^)]+\\) \\| Jane Doe \\| 2026-12-04 \\| 0 of 19 done \\(0%\\) \\| — \\| Fri.4.Dec.23:59 · `));
    expect(body()).toContain('**1** open · none overdue');
    expect(body()).toContain('Next deadline (Europe/Berlin)');

    // A rerun (and a second one) finds it and leaves it alone.
    expect((await keep()).writes).toEqual([]);
    expect((await keep()).made).toBe(0);
    expect(dashboards()).toHaveLength(1);
  });

  it('lists every open tracker with a link, security overdue first and called out', async () => {
    const later = await tracker({ 'last-day': '2026-12-10' });
    const leaving = await tracker({ 'employee-name': 'John Roe', 'employee-login': 'jroe', 'last-day': '2026-12-04' });
    // Immediate security tasks are due at the end of the last day in Berlin (22:59:59 UTC).
    gh.clock.set('2026-12-05T00:30:00Z');
    await keep();
    const text = body();
    expect(text).toContain(`[#${later}](${url}/issues/${later})`);
    expect(text).toContain(`[#${leaving}](${url}/issues/${leaving})`);
    const rows = text.split('\n').filter((l) => /^\| \[#\d+\]/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('John Roe');
    expect(rows[0]).toMatch(/\| \*\*7\*\* \(🔒 \*\*7\*\* security\), since Fri.4.Dec.23:59 \| Sat.5.Dec.23:59 · Collect laptop \|$/);
    expect(rows[1]).toContain('Jane Doe');
    expect(rows[1]).toContain('| — |');
    expect(text).toMatch(new RegExp(`> \\[!CAUTION\\]\\n> 🔒 \\*\\*Security tasks overdue\\*\\*[^\\n]*\\[#${leaving}\\]\\([^)]+\\) John Roe\\.`));
    expect(text).not.toMatch(new RegExp(`CAUTION[^\\n]*\\n[^\\n]*#${later}\\]`));
    expect(text).toContain('**2** open · **1** with overdue tasks (7 tasks) · 🔒 **1** with security tasks overdue (7 tasks)');
  });

  it('is edited only when its content changes: not for time passing, once for a tick', async () => {
    const n = await tracker();
    await keep();
    const before = body();
    // Nothing changed: not a single write.
    expect(await keep()).toEqual({ made: 0, writes: [] });
    // An hour later (no deadline crossed): the same body, no write. Nothing in it is relative to now.
    gh.clock.advance(60 * 60 * 1000);
    expect(await keep()).toEqual({ made: 0, writes: [] });
    expect(before).not.toMatch(/\bago\b|\bin \d+ ?[hdm]\b/);

    await runAction(gh, { event: 'issues', payload: gh.tick(n, { actor: 'it-ivan', taskId: 'disable-email' }) });
    const after = await keep();
    expect(after.writes).toEqual([`PATCH /repos/acme/people-ops/issues/${dashboard().number}`]);
    expect(after.made).toBe(1);
    expect(body()).toContain('1 of 19 done (5%)');
    // The original body and the one edit.
    expect(dashboard().edits).toHaveLength(2);
  });

  it('is never created twice after a lost answer on the create', async () => {
    await tracker();
    gh.faults.inject({ method: 'POST', pathPattern: /\/issues$/, status: 502, apply: true });
    const lines: string[] = [];
    const first = await keep({ lines });
    expect(lines.filter((l) => l.startsWith('error'))).toEqual([]);
    expect(first.writes.filter((w) => w.endsWith('/issues'))).toEqual(['POST /repos/acme/people-ops/issues']);
    expect(dashboards()).toHaveLength(1);
    // The next sweep finds it, and all is quiet.
    expect(await keep()).toEqual({ made: 0, writes: [] });
    expect(dashboards()).toHaveLength(1);
  });

  it('mentions nobody, whatever was typed into the form', async () => {
    await tracker({
      'employee-name': 'Jane @jdoe Doe',
      assets: 'Laptop @mgr-maria <!-- offboarding:dashboard --> | x',
      notes: 'cc @cio-carla',
    });
    gh.clock.set('2026-12-05T00:30:00Z');
    await keep();
    const text = body();
    expect(mentions(text)).toEqual([]);
    expect(text).toContain('Jane @\u200bjdoe Doe');
    expect(text.split(MARKER)).toHaveLength(2);
  });

  it('in a dry run is printed and nothing is written', async () => {
    await tracker();
    const lines: string[] = [];
    const run = await keep({ dryRun: true, lines });
    expect(run).toEqual({ made: 0, writes: [] });
    expect(dashboards()).toHaveLength(0);
    expect(lines).toContain(`[dry-run] would create label 'offboarding:dashboard' (#0e8a16, "The offboarding dashboard: every open offboarding at a glance")`);
    expect(lines.some((l) => l.startsWith(`[dry-run] would create the dashboard issue "${TITLE}"`))).toBe(true);
    expect(lines.join('\n')).toMatch(/\| \| \[#\d+\]\([^)]+\) \| Jane Doe \| 2026-12-04 \|/);
  });

  it('is taken for neither a request nor a tracker by the sweep or intake', async () => {
    const n = await tracker();
    await keep();
    const d = dashboard().number;
    const labels = dashboard().labels;

    gh.log.clear();
    const swept = await runAction(gh, { event: 'schedule', payload: gh.schedulePayload() });
    expect(swept.code, swept.stdout).toBe(0);
    expect(gh.state.comments(d)).toEqual([]);
    expect(dashboard().labels).toEqual(labels);
    expect(gh.log.writes().filter((w) => w.path.includes(`/issues/${d}`))).toEqual([]);

    // Even labelled as a request by a person, and edited by one: no validation comment, no label.
    await runAction(gh, { event: 'issues', payload: gh.addLabel(d, 'offboarding', { actor: 'hr-hana' }) });
    const edited = gh.editBody(d, { actor: 'hr-hana', body: `${body()}\n\nPinned for HR.` });
    const intake = await runAction(gh, { event: 'issues', payload: edited });
    expect(intake.code, intake.stdout).toBe(0);
    expect(intake.stdout).toContain(`Ignored: #${d} is the offboarding dashboard.`);
    const again = await runAction(gh, { event: 'schedule', payload: gh.schedulePayload() });
    expect(again.code, again.stdout).toBe(0);
    expect(gh.state.comments(d)).toEqual([]);
    expect(dashboard().labels.sort()).toEqual(['offboarding', 'offboarding:dashboard']);
    expect(dashboard().title).toBe(TITLE);
    // The tracker is still swept as before.
    expect(gh.state.comments(n).some((c) => c.body.includes('<!-- offboarding:status -->'))).toBe(true);
    // The person's edit is put right by the next dashboard step (the dashboard is the action's).
    expect((await keep()).made).toBe(1);
    expect(body()).not.toContain('Pinned for HR.');
  });

  it('drops a closed tracker', async () => {
    const a = await tracker();
    const b = await tracker({ 'employee-name': 'John Roe', 'employee-login': 'jroe' });
    await keep();
    expect(body()).toContain(`[#${b}]`);
    gh.closeIssue(b, { actor: 'hr-hana', reason: 'not_planned' });
    const after = await keep();
    expect(after.made).toBe(1);
    expect(body()).not.toContain(`#${b}]`);
    expect(body()).toContain(`[#${a}]`);
    expect(body()).toContain('**1** open');
  });

  it('a dashboard a person closed stays closed and is still edited in place', async () => {
    const n = await tracker();
    await keep();
    const d = dashboard().number;
    gh.closeIssue(d, { actor: 'hr-hana', reason: 'completed' });
    await runAction(gh, { event: 'issues', payload: gh.tick(n, { actor: 'it-ivan', taskId: 'disable-email' }) });
    const after = await keep();
    expect(after.writes).toEqual([`PATCH /repos/acme/people-ops/issues/${d}`]);
    expect(dashboard().state).toBe('closed');
    expect(body()).toContain('1 of 19 done');
  });

  it('keeps the oldest of several, never creates another, and ignores a person’s look-alike', async () => {
    await tracker();
    // A person's issue with the label and the marker is not the dashboard.
    gh.fileIssue({ author: 'hr-hana', title: TITLE, body: `${MARKER}\nmine`, labels: ['offboarding:dashboard'] });
    await keep();
    const own = gh.state.issues().filter((i) => i.title === TITLE && i.author === gh.botLogin);
    expect(own).toHaveLength(1);
    const kept = own[0]?.number ?? 0;
    // A second one of the action's own (two runs at once): the oldest is kept current, no third.
    await context().client.rest.issues.create({ owner: gh.owner, repo: gh.repo, title: TITLE, body: `${MARKER}\nstale`, labels: ['offboarding:dashboard'] });
    const lines: string[] = [];
    const run = await keep({ lines });
    expect(run).toEqual({ made: 0, writes: [] });
    expect(lines.some((l) => l.startsWith(`warning: More than one offboarding dashboard: #${kept} is kept current`))).toBe(true);
    expect(gh.state.issues().filter((i) => i.title === TITLE)).toHaveLength(3);
  });

  it('under a personal token finds its own again (the token says who it is), never a second', async () => {
    await gh.close();
    gh = await startEmulator({ now: new Date('2026-11-26T10:00:00Z'), users: { ...USERS, 'ops-robot': 'write' }, botLogin: 'ops-robot', personalToken: true });
    gh.state.putFile('.github/offboarding.yml', CHECKLIST);
    // No sweep first: the run's trust has not met the token's login anywhere yet.
    expect(await keepDashboard(context(), [], url)).toBe(2);
    expect(dashboard().author).toBe('ops-robot');
    gh.log.clear();
    expect(await keepDashboard(context(), [], url)).toBe(0);
    expect(gh.log.reads().map((r) => `${r.method} ${r.path}`)).toContain('GET /user');
    expect(dashboards()).toHaveLength(1);
  });

  it('is found over REST where GraphQL is not available', async () => {
    expect(await keepDashboard(context(), [], url)).toBe(2);
    gh.faults.inject({ method: 'POST', pathPattern: /graphql/, status: 404, times: 5 });
    gh.log.clear();
    expect(await keepDashboard(context(), [], url)).toBe(0);
    expect(gh.log.reads().some((r) => r.method === 'GET' && /\/issues\?/.test(r.path))).toBe(true);
    expect(dashboards()).toHaveLength(1);
  });

  it('with no open offboarding says so', async () => {
    await keep();
    expect(body()).toContain('No open offboardings.');
    expect(body()).toContain('**0** open · none overdue');
  });
});

describe('the dashboard issue through dist/index.js, as the runner runs it', () => {
  const DASHBOARD = { dashboard: 'true' };
  const sweepBundle = async () => {
    const run = await runAction(gh, { event: 'schedule', payload: gh.schedulePayload(), inputs: DASHBOARD, bundle: true });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    return run;
  };
  const dashboardWrites = () => gh.log.writes().filter((w) => w.path.endsWith('/issues') || w.path.includes(`/issues/${dashboards()[0]?.number ?? 0}`));

  it('is created once, edited only on change, never two after a rerun or a lost answer, and mentions nobody', async () => {
    const n = await tracker({ notes: 'cc @cio-carla' });
    // The create is applied but its answer is lost: the rerun finds it instead of making another.
    gh.faults.inject({ method: 'POST', pathPattern: /\/issues$/, status: 502, apply: true });
    await sweepBundle();
    await sweepBundle();
    expect(dashboards()).toHaveLength(1);
    expect(mentions(body())).toEqual([]);
    expect(body()).toContain(`#${n}`);

    // Time passes, nothing changes: no write to the dashboard.
    gh.clock.advance(2 * 3600_000);
    gh.log.clear();
    await sweepBundle();
    expect(dashboardWrites()).toEqual([]);

    // A tick changes the progress: one edit in place.
    await runAction(gh, { event: 'issues', payload: gh.tick(n, { actor: 'it-ivan', taskId: 'disable-email' }), inputs: DASHBOARD, bundle: true });
    gh.log.clear();
    await sweepBundle();
    expect(dashboardWrites().map((w) => w.method)).toEqual(['PATCH']);
    expect(dashboards()).toHaveLength(1);
  });
});
