/**
 * Issue 8, "Nothing a person types, and no size, stalls an offboarding; every message says what to
 * fix": one or more scenarios per numbered point, each run through the action (in-process, and for
 * the points where the runner matters also the committed bundle) against the emulator over HTTP.
 */
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { createActionClient } from '../../src/action/client.js';
import { runCli } from '../../src/cli/main.js';
import { decodeLedger, encodeLedger } from '../../src/ledger/ledger.js';
import { REPORT_DATA } from '../../src/report/render.js';
import { parseTracker } from '../../src/tracker/parse.js';
import { form, formBody, VALID_FORM } from '../support/form.js';
import { runAction, type ActionRun } from '../support/runner.js';
import { OWNERS, people } from '../support/people.js';

const USERS = people({ 'cio-carla': 'admin', jdoe: 'write', jroe: 'write' });

const CHECKLIST = `
${OWNERS}`;

const TRACKER = '<!-- offboarding:tracker v1 -->';
const STATUS = '<!-- offboarding:status -->';
const REPORT = '<!-- offboarding:report -->';
const LIMIT = 65_536;
const IMMEDIATE = ['disable-email', 'revoke-vpn', 'remove-slack', 'revoke-github', 'disable-aws', 'revoke-sessions', 'rotate-shared-secrets'];
const ALL_DEFAULT = [
  ...IMMEDIATE,
  'collect-laptop', 'collect-badges', 'forward-email', 'transfer-files',
  'knowledge-transfer', 'final-payroll', 'benefits-termination', 'exit-interview', 'remove-payroll', 'post-employment-obligations',
];

let gh: Emulator;

beforeEach(async () => {
  gh = await startEmulator({ now: new Date('2026-11-26T10:00:00Z'), users: USERS });
  gh.state.putFile('.github/offboarding.yml', CHECKLIST);
});
afterEach(async () => gh.close());

// ---- helpers ------------------------------------------------------------------------------------

function file(body: string, labels: string[] = ['offboarding'], author = 'hr-hana') {
  return gh.fileIssue({ author, title: 'Offboarding: ', body, labels });
}

function out(run: ActionRun): string {
  return `${run.stdout}\n${run.stderr}`;
}

/** Files a request and runs its `opened` event; returns the issue number. */
async function tracker(body: string = form(), options: { bundle?: boolean } = {}): Promise<number> {
  const { number, payload } = file(body);
  const run = await runAction(gh, { event: 'issues', payload, bundle: options.bundle });
  expect(run.code, out(run)).toBe(0);
  expect(run.outputs.tracker).toBe(String(number));
  return number;
}

async function sweep(options: { bundle?: boolean; inputs?: Record<string, string> } = {}): Promise<ActionRun> {
  return runAction(gh, { event: 'schedule', payload: gh.schedulePayload(), inputs: options.inputs, bundle: options.bundle });
}

async function tick(n: number, taskId: string, actor = 'it-ivan', checked = true): Promise<ActionRun> {
  const run = await runAction(gh, { event: 'issues', payload: gh.tick(n, { actor, taskId, checked }) });
  expect(run.code, out(run)).toBe(0);
  return run;
}

/** A person edits several task lines in one save; the `edited` event runs the action. */
async function editLines(
  n: number,
  actor: string,
  ids: readonly string[],
  edit: (line: string) => string,
  options: { bundle?: boolean } = {},
): Promise<ActionRun> {
  const lines = (gh.state.issue(n).body ?? '').split('\n');
  let changed = 0;
  for (const [i, line] of lines.entries()) {
    if (ids.some((id) => line.includes(`<!-- task:${id} -->`))) {
      lines[i] = edit(line);
      changed += 1;
    }
  }
  expect(changed).toBe(ids.length);
  const payload = gh.editBody(n, { actor, body: lines.join('\n') });
  const run = await runAction(gh, { event: 'issues', payload, bundle: options.bundle });
  expect(run.code, out(run)).toBe(0);
  return run;
}

const ticked = (line: string): string => line.replace('- [ ] ', '- [x] ');
const unticked = (line: string): string => line.replace('- [x] ', '- [ ] ');
const notApplicable = (reason: string) => (line: string): string => line.replace('- [ ] ', '- [x] ').replace(/ — /, ` N/A: ${reason} — `);

function statusComments(n: number) {
  return gh.state.comments(n).filter((c) => c.body.includes(STATUS));
}

function status(n: number): string {
  const found = statusComments(n);
  expect(found).toHaveLength(1);
  return found[0]?.body ?? '';
}

function escalations(n: number): string[] {
  return gh.state.comments(n).filter((c) => c.body.includes('<!-- offboarding:escalation')).map((c) => c.body);
}

function reports(n: number): string[] {
  return gh.state.comments(n).filter((c) => c.body.includes(REPORT)).map((c) => c.body);
}

function mentions(text: string): string[] {
  return [...new Set([...text.matchAll(/(?<![\w`\u200b])@([A-Za-z0-9_-]+)/g)].map((m) => m[1] as string))].sort();
}

/** What a person reads: hidden comments and collapsed blocks removed. */
function visible(markdown: string): string {
  return markdown.replace(/<!--[\s\S]*?-->/g, '').replace(/<details>[\s\S]*?<\/details>/g, '');
}

function chars(text: string): number {
  return Array.from(text).length;
}

function taskIds(body: string): string[] {
  return [...body.matchAll(/<!-- task:([a-z0-9%-]+) -->/g)].map((m) => m[1] as string);
}

/** Every revision of every comment on the issue, and the body, fit GitHub's limit. */
function expectEverythingFits(n: number): void {
  expect(chars(gh.state.issue(n).body ?? '')).toBeLessThanOrEqual(LIMIT);
  for (const comment of gh.state.comments(n)) {
    expect(chars(comment.body), `comment ${comment.id}`).toBeLessThanOrEqual(LIMIT);
    for (const edit of comment.edits) expect(chars(edit.diff ?? ''), `a revision of comment ${comment.id}`).toBeLessThanOrEqual(LIMIT);
  }
}

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

async function cli(argv: string[], env: Record<string, string | undefined>): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const started = Date.now();
  const code = await runCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
  });
  return { code, stdout, stderr, ms: Date.now() - started };
}

/** A TCP port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** GraphQL requests whose document matches `pattern`, counted from now on. */
function countGraphql(pattern: RegExp): { readonly count: number } {
  let count = 0;
  gh.onRequest(
    { method: 'POST', pathPattern: /\/graphql$/ },
    ({ body }) => {
      const query = (body as { query?: string } | undefined)?.query ?? '';
      if (pattern.test(query)) count += 1;
    },
    { times: Number.POSITIVE_INFINITY },
  );
  return {
    get count() {
      return count;
    },
  };
}

// ---- 1 -------------------------------------------------------------------------------------------

describe('1. a request that carries a marker is converted', () => {
  const forged = `${TRACKER}\n${form({
    notes: 'pasted from an old tracker: <!-- offboarding:tracker v1 --> <!-- offboarding:status --> <!-- offboarding:escalation disable-email@0 --> <!-- task:disable-email -->',
  })}`;

  for (const bundle of [false, true]) {
    it(`validates, neutralises and converts it, and the sweeps after it succeed (${bundle ? 'dist bundle' : 'in-process'})`, async () => {
      const { number, payload } = file(forged);
      const run = await runAction(gh, { event: 'issues', payload, bundle });
      expect(run.code, out(run)).toBe(0);
      expect(out(run)).not.toMatch(/hidden plan is gone/);
      expect(run.outputs.tracker).toBe(String(number));
      const issue = gh.state.issue(number);
      const body = issue.body ?? '';
      expect(body.startsWith(TRACKER)).toBe(true);
      expect(body.match(/<!-- offboarding:tracker v1 -->/g)).toHaveLength(1);
      expect(body).toContain('<!-- offboarding:plan z:');
      expect(parseTracker(body).plan?.issue).toBe(number);
      // The forged task marker did not become a task: the 17 default tasks and the 2 asset lines.
      expect(taskIds(body)).toHaveLength(19);
      expect(issue.title).toBe('Offboarding: Jane Doe — last day 2026-12-04');
      expect(issue.labels).toContain('offboarding');
      expect(issue.labels).not.toContain('offboarding:needs-info');
      expect(statusComments(number)).toHaveLength(1);

      const next = await sweep({ bundle });
      expect(next.code, out(next)).toBe(0);
      gh.log.clear();
      const quiet = await sweep({ bundle });
      expect(quiet.code, out(quiet)).toBe(0);
      expect(gh.log.writes()).toEqual([]);
    });
  }

  /** An old tracker's body as versions before the plan named its issue wrote it (uncompressed, no `issue`). */
  function oldTrackerBody(body: string): string {
    const plan = parseTracker(body).plan as unknown as Record<string, unknown>;
    const { issue: _issue, ...old } = plan;
    return body.replace(/<!-- offboarding:plan z:[A-Za-z0-9+/=]+ -->/, `<!-- offboarding:plan ${Buffer.from(JSON.stringify(old)).toString('base64')} -->`);
  }

  for (const bundle of [false, true]) {
    it(`converts a request into which the body of an old tracker (plan without an issue number) was pasted (${bundle ? 'dist bundle' : 'in-process'})`, async () => {
      const first = await tracker();
      const pasted = oldTrackerBody(gh.state.issue(first).body ?? '');
      expect(parseTracker(pasted).plan?.request.employeeName).toBe('Jane Doe');
      expect(parseTracker(pasted).plan?.issue).toBeUndefined();
      const { number, payload } = file(form({ 'employee-name': 'John Roe', 'employee-login': 'jroe', notes: pasted }));
      const run = await runAction(gh, { event: 'issues', payload, bundle });
      expect(run.code, out(run)).toBe(0);
      expect(run.outputs.tracker).toBe(String(number));
      const issue = gh.state.issue(number);
      expect(issue.title).toBe('Offboarding: John Roe — last day 2026-12-04');
      expect(parseTracker(issue.body ?? '').plan).toMatchObject({ issue: number, request: { employeeName: 'John Roe', employeeLogin: 'jroe' } });
      expect(statusComments(number)).toHaveLength(1);
      const next = await sweep({ bundle });
      expect(next.code, out(next)).toBe(0);
    });
  }

  it('converts a request into which a whole old tracker (with its valid hidden plan) was pasted', async () => {
    const old = await tracker();
    const pasted = gh.state.issue(old).body ?? '';
    const { number, payload } = file(form({ 'employee-name': 'John Roe', 'employee-login': 'jroe', notes: pasted }));
    const run = await runAction(gh, { event: 'issues', payload });
    expect(run.code, out(run)).toBe(0);
    expect(run.outputs.tracker).toBe(String(number));
    const body = gh.state.issue(number).body ?? '';
    expect(parseTracker(body).plan?.issue).toBe(number);
    expect(parseTracker(body).plan?.request.employeeName).toBe('John Roe');
    expect(body.match(/<!-- offboarding:tracker v1 -->/g)).toHaveLength(1);
    expect(statusComments(number)).toHaveLength(1);
    const next = await sweep();
    expect(next.code, out(next)).toBe(0);
    expect(JSON.parse(next.outputs.summary ?? '{}').open).toBe(2);
  });
});

// ---- 2 -------------------------------------------------------------------------------------------

describe('2. long values are cut, not refused', () => {
  // 210 characters: over the 200 an asset line keeps, and 300 of them still fit in an issue body GitHub accepts.
  const longAsset = (i: number): string => `Asset ${i} MacBook Pro serial C02${String(i).padStart(5, '0')} ${'with charger, sleeve and dock '.repeat(10)}`.slice(0, 210);

  for (const bundle of [false, true]) {
    it(`a 60,000-character name converts with a visible note (${bundle ? 'dist bundle' : 'in-process'})`, async () => {
      const name = `Jane Doe ${'A'.repeat(60_000 - 9)}`;
      const { number, payload } = file(form({ 'employee-name': name }));
      const run = await runAction(gh, { event: 'issues', payload, bundle });
      expect(run.code, out(run)).toBe(0);
      expect(run.outputs.tracker).toBe(String(number));
      const issue = gh.state.issue(number);
      const body = issue.body ?? '';
      expect(chars(body)).toBeLessThanOrEqual(LIMIT);
      expect(body.startsWith(TRACKER)).toBe(true);
      expect(issue.labels).not.toContain('offboarding:needs-info');
      expect(chars(issue.title)).toBeLessThanOrEqual(256);
      expect(issue.title).toMatch(/^Offboarding: Jane Doe A+.* — last day 2026-12-04$/);
      expect(taskIds(body)).toHaveLength(19);
      // The note is in the visible tracker, not only in the run's log.
      expect(visible(body)).toMatch(/\[!WARNING\][\s\S]*employee name is 60000 characters long; the tracker keeps the first 200/);
      expectEverythingFits(number);
    });

    it(`300 short asset lines of an involuntary departure: 100 asset tasks and one listing the rest (${bundle ? 'dist bundle' : 'in-process'})`, async () => {
      const assets = Array.from({ length: 300 }, (_, i) => `Badge ${i + 1}`).join('\n');
      const { number, payload } = file(form({ assets, 'departure-type': 'Involuntary' }));
      const run = await runAction(gh, { event: 'issues', payload, bundle });
      expect(run.code, out(run)).toBe(0);
      expect(run.outputs.tracker).toBe(String(number));
      const body = gh.state.issue(number).body ?? '';
      expect(chars(body)).toBeLessThanOrEqual(LIMIT);
      const ids = taskIds(body);
      const assetIds = ids.filter((id) => id.startsWith('asset-'));
      expect(assetIds).toEqual([...Array.from({ length: 100 }, (_, i) => `asset-${i + 1}`), 'asset-more']);
      expect(ids).toHaveLength(17 + 101);
      const more = body.split('\n').find((l) => l.includes('<!-- task:asset-more -->')) ?? '';
      expect(more).toMatch(/^- \[ \] Recover the other 200 assets: Badge 101; Badge 102;/);
      // The security tasks did not wait: due at intake + 1h.
      expect(body).toMatch(/Disable email account.*due Thu 26 Nov 2026, 11:00/);
      expect(gh.state.issue(number).labels).not.toContain('offboarding:needs-info');
      expectEverythingFits(number);
    });

    it(`300 long asset lines are cut with a visible note and the body stays within 65,536 (${bundle ? 'dist bundle' : 'in-process'})`, async () => {
      const assets = Array.from({ length: 300 }, (_, i) => longAsset(i + 1)).join('\n');
      const { number, payload } = file(form({ assets }));
      const run = await runAction(gh, { event: 'issues', payload, bundle });
      expect(run.code, out(run)).toBe(0);
      expect(run.outputs.tracker).toBe(String(number));
      const body = gh.state.issue(number).body ?? '';
      expect(chars(body)).toBeLessThanOrEqual(LIMIT);
      const assetIds = taskIds(body).filter((id) => id.startsWith('asset-'));
      expect(assetIds).toHaveLength(101);
      expect(assetIds.at(-1)).toBe('asset-more');
      expect(visible(body)).toMatch(/\[!WARNING\][\s\S]*300 asset lines are longer than 200 characters/);
      expect(body).toMatch(/Recover Asset 1 MacBook Pro serial C0200001/);
      expect(gh.state.issue(number).labels).not.toContain('offboarding:needs-info');
      expectEverythingFits(number);
      const next = await sweep({ bundle });
      expect(next.code, out(next)).toBe(0);
    });
  }
});

// ---- 3 -------------------------------------------------------------------------------------------

describe('3. a big offboarding closes', () => {
  const words = ['rotate', 'archive', 'revoke', 'transfer', 'confirm', 'document', 'escrow', 'notify', 'retrieve', 'reconcile'];
  const title = (i: number, max: number): string =>
    `Task ${i}: ${Array.from({ length: 24 }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(' ')} system ${i * 37}`.slice(0, max);
  const ids = Array.from({ length: 100 }, (_, i) => `t${String(i + 1).padStart(3, '0')}`);

  function bigChecklist(titleLength = 70): string {
    const lines = [
      'owners:',
      '  IT: { logins: [it-ivan, it-irene], escalate-to: [cio-carla] }',
      '  Security: { logins: [sec-sam], escalate-to: [cio-carla] }',
      '  HR: { logins: [hr-hana] }',
      'phases:',
      '  - { id: immediate, title: Immediate, due: 0d }',
      '  - { id: within-week, title: Within a week, due: 7d }',
      'tasks:',
    ];
    ids.forEach((id, i) => {
      const security = i < 10;
      lines.push(
        `  - id: ${id}`,
        `    title: "${title(i + 1, titleLength)}"`,
        `    phase: ${security ? 'immediate' : 'within-week'}`,
        `    owner: ${security ? (i % 2 === 0 ? 'IT' : 'Security') : i % 3 === 0 ? 'IT' : 'HR'}`,
        `    security: ${security}`,
        '    controls: [PS-4(a), PS-4(b), PS-4(c)]',
      );
    });
    lines.push('assets: { phase: within-week, owner: IT }');
    return `${lines.join('\n')}\n`;
  }

  const asset = (i: number): string => `Asset ${i}: ${'MacBook Pro 16 with charger, dock, sleeve, YubiKey and badge holder; serial C02X'.repeat(3)}${i}`.slice(0, 190);
  const notes = Array.from({ length: 200 }, (_, i) => `Note ${i}: hand over rota ${i * 13}.`).join(' ').slice(0, 5000);
  const reason = (i: number): string => `not used by this team since the migration of ${i} in 2025; the vendor contract ended and nothing remains to hand over or revoke here at all ok`.slice(0, 150);

  it('stays within 65,536 in every comment, splits the report, and closes as completed', async () => {
    gh.state.putFile('.github/offboarding.yml', bigChecklist());
    expect(chars(notes)).toBe(5000);
    const n = await tracker(form({ assets: Array.from({ length: 50 }, (_, i) => asset(i + 1)).join('\n'), notes }));
    const assets = Array.from({ length: 50 }, (_, i) => `asset-${i + 1}`);
    expect(taskIds(gh.state.issue(n).body ?? '')).toHaveLength(150);
    expectEverythingFits(n);

    // 20 escalations in the record: both levels of the 10 security tasks, in one comment.
    gh.clock.set('2026-12-05T04:30:00Z');
    let run = await sweep();
    expect(run.code, out(run)).toBe(0);
    expect(escalations(n)).toHaveLength(1);
    expect(escalations(n)[0]?.match(/t0(0\d|10)@[01]/g)).toHaveLength(20);
    expectEverythingFits(n);

    gh.clock.set('2026-12-05T05:00:00Z');
    await editLines(n, 'it-ivan', ids.slice(0, 10), ticked);
    gh.clock.set('2026-12-05T05:10:00Z');
    await editLines(n, 'it-irene', ids.slice(0, 5), unticked);
    gh.clock.set('2026-12-05T05:20:00Z');
    await editLines(n, 'sec-sam', ids.slice(0, 5), ticked);
    gh.clock.set('2026-12-05T05:30:00Z');
    const naIds = ids.slice(10, 40);
    const lines = (gh.state.issue(n).body ?? '').split('\n');
    const payload = gh.editBody(n, {
      actor: 'hr-hana',
      body: lines.map((line) => {
        const at = naIds.findIndex((id) => line.includes(`<!-- task:${id} -->`));
        return at < 0 ? line : notApplicable(reason(at))(line);
      }).join('\n'),
    });
    run = await runAction(gh, { event: 'issues', payload });
    expect(run.code, out(run)).toBe(0);
    gh.clock.set('2026-12-05T05:40:00Z');
    await editLines(n, 'hr-hana', [...ids.slice(40), ...assets.slice(0, 49)], ticked);
    expect(gh.state.issue(n).state).toBe('open');
    expectEverythingFits(n);

    // The last tick, through the bundle as GitHub runs it.
    gh.clock.set('2026-12-05T06:00:00Z');
    const last = await editLines(n, 'it-ivan', ['asset-50'], ticked, { bundle: true });
    expect(last.code, out(last)).toBe(0);
    const issue = gh.state.issue(n);
    expect(issue.state).toBe('closed');
    expect(issue.stateReason).toBe('completed');
    expectEverythingFits(n);
    expect(statusComments(n)).toHaveLength(1);

    const parts = reports(n);
    expect(parts.length).toBeGreaterThanOrEqual(1);
    const keys = new Set<string>();
    parts.forEach((body, i) => {
      const head = /^<!-- offboarding:report --><!-- offboarding:report-key ([A-Za-z0-9]+)( part (\d+)\/(\d+))? -->/.exec(body);
      expect(head, `report comment ${i + 1} starts with its markers`).not.toBeNull();
      keys.add(head?.[1] ?? '');
      if (parts.length > 1) {
        expect(head?.[3]).toBe(String(i + 1));
        expect(head?.[4]).toBe(String(parts.length));
      }
    });
    expect(keys.size).toBe(1);
    const all = parts.join('\n');
    expect(all).toMatch(/### Security tasks/);
    expect(all).toMatch(/### All tasks/);
    expect(all).toMatch(/### Escalations sent/);
    expect(all).toMatch(/\| Result \| 120 done \+ 30 N\/A of 150 \|/);
    // Nothing lost: the data is in the comments (shown, or hidden and compressed) and in the output.
    const shown = /```json\n([\s\S]*?)\n```/.exec(all)?.[1];
    const hidden = REPORT_DATA.read(all);
    const data = shown !== undefined ? JSON.parse(shown) : hidden.status === 'ok' ? hidden.value : undefined;
    expect(data).toBeDefined();
    expect(data.tasks).toHaveLength(150);
    expect(data.escalations).toHaveLength(20);
    expect(data.tasks.filter((t: { state: string }) => t.state === 'na')).toHaveLength(30);
    expect(data.tasks.find((t: { id: string }) => t.id === 't011').naReason).toBe(reason(0));
    expect(data.history.filter((h: { state: string }) => h.state === 'open')).toHaveLength(5);
    expect(data.tasks.find((t: { id: string }) => t.id === 't001')).toMatchObject({ doneBy: 'sec-sam', state: 'done' });
    expect(JSON.parse(last.outputs.report ?? '[]')[0]?.tasks).toHaveLength(150);

    // And nothing more happens afterwards.
    gh.log.clear();
    const after = await sweep();
    expect(after.code, out(after)).toBe(0);
    expect(gh.log.writes()).toEqual([]);
  });

  it('a tracker at the form\'s limits (100 tasks with 190-character titles) leaves room for people to write N/A reasons', async () => {
    gh.state.putFile('.github/offboarding.yml', bigChecklist(190));
    const n = await tracker(form({ assets: Array.from({ length: 50 }, (_, i) => asset(i + 1)).join('\n'), notes }));
    expect(taskIds(gh.state.issue(n).body ?? '')).toHaveLength(150);
    // HR marks 30 tasks N/A with a reason each, in the lines, as the tracker tells them to.
    const naIds = ids.slice(10, 40);
    const edited = (gh.state.issue(n).body ?? '')
      .split('\n')
      .map((line) => {
        const at = naIds.findIndex((id) => line.includes(`<!-- task:${id} -->`));
        return at < 0 ? line : notApplicable(reason(at))(line);
      })
      .join('\n');
    expect(chars(edited), 'the edited body GitHub would have to accept').toBeLessThanOrEqual(LIMIT);
    const run = await runAction(gh, { event: 'issues', payload: gh.editBody(n, { actor: 'hr-hana', body: edited }) });
    expect(run.code, out(run)).toBe(0);
    expect(status(n)).toMatch(/0 done \+ 30 N\/A of 150/);
  });

  it('keeps the status comment within 65,536 after 30 ticks with long asset lines', async () => {
    const longAssets = Array.from({ length: 50 }, (_, i) => asset(i + 1)).join('\n');
    const n = await tracker(form({ assets: longAssets, notes }));
    // Everything overdue: the status lists the long asset titles.
    gh.clock.set('2026-12-06T01:00:00Z');
    expect((await sweep()).code).toBe(0);
    for (let i = 0; i < 30; i += 10) {
      await editLines(n, i % 20 === 0 ? 'it-ivan' : 'it-irene', Array.from({ length: 10 }, (_, j) => `asset-${i + j + 1}`), ticked);
    }
    expect(status(n)).toMatch(/30 of 67 done/);
    expectEverythingFits(n);
  });
});

// ---- 4 -------------------------------------------------------------------------------------------

describe('4. a last day in the past', () => {
  it('is accepted with a warning a person sees in the tracker', async () => {
    const n = await tracker(form({ 'last-day': '2026-10-27' }));
    const body = gh.state.issue(n).body ?? '';
    const before = body.slice(0, body.indexOf('<details>'));
    expect(visible(before)).toMatch(/\[!WARNING\][\s\S]*2026-10-27 is in the past: its tasks are already due/);
    expect(gh.state.issue(n).labels).toContain('offboarding:security-overdue');
  });
});

// ---- 5, 6 (through the action; the checklist's own checks are in test/checklist/sanity.test.ts) -------

describe('5. an owner key that no task uses', () => {
  it('a typo stops intake with one comment naming file:line:col and the key it meant', async () => {
    gh.state.putFile('.github/offboarding.yml', 'owners:\n  IT: { logins: [it-ivan] }\n  Secuirty:\n    logins: [sec-sam]\n    escalate-to: [cio-carla]\n');
    const { number, payload } = file(form());
    const run = await runAction(gh, { event: 'issues', payload });
    expect(run.code).not.toBe(0);
    expect(run.stdout).toMatch(/\.github\/offboarding\.yml:3:3: owners\.Secuirty: .*did you mean "Security"/);
    expect(gh.state.issue(number).body).toBe(form());
    const comments = gh.state.comments(number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toMatch(/did you mean &#34;Security&#34;|did you mean "Security"/);
  });

  it('an owner far from any used key is a warning on the run, which goes on', async () => {
    gh.state.putFile('.github/offboarding.yml', `${CHECKLIST}  Legal: { logins: [cio-carla] }\n`);
    const { number, payload } = file(form());
    const run = await runAction(gh, { event: 'issues', payload });
    expect(run.code, out(run)).toBe(0);
    expect(run.stdout).toMatch(/::warning::checklist: \.github\/offboarding\.yml:8:3: owners\.Legal: owner "Legal" is declared but no task uses it/);
    expect(gh.state.issue(number).body?.startsWith(TRACKER)).toBe(true);
  });
});

describe('6. a `when` value that matches no option of the form (run-time check)', () => {
  it('with a did-you-mean it is a configuration error of the run, checked against the repository\'s form', async () => {
    gh.state.putFile(
      '.github/offboarding.yml',
      `${CHECKLIST}tasks:\n  - id: transfer-repos\n    title: Transfer repository ownership\n    phase: within-24h\n    owner: IT\n    when:\n      department: [Engineerng]\n`,
    );
    const { number, payload } = file(form());
    const run = await runAction(gh, { event: 'issues', payload });
    expect(run.code).not.toBe(0);
    expect(run.stdout).toMatch(/\.github\/offboarding\.yml:\d+:\d+: tasks\[0\]\.when\.department\[0\]: .*did you mean "Engineering"/);
    expect(gh.state.issue(number).body).toBe(form());
  });
});

// ---- 7 -------------------------------------------------------------------------------------------

describe('7. Enterprise Managed Users', () => {
  it('accepts mona_acme-style logins as owner, manager and employee login', async () => {
    for (const login of ['mona_acme', 'ivan_acme', 'mgr_acme', 'cio_acme']) gh.state.setPermission(login, 'write');
    gh.state.setPermission('jdoe_acme', 'read');
    gh.state.putFile(
      '.github/offboarding.yml',
      [
        'requesters: [hr_acme]',
        'owners:',
        '  IT: { logins: [ivan_acme, it-ivan] }',
        "  Security: { logins: [mona_acme], escalate-to: ['@cio_acme'] }",
        '  Facilities: { logins: [fac-fred] }',
        '  Finance: { logins: [fin-fiona] }',
        '  HR: { logins: [hr-hana] }',
        '',
      ].join('\n'),
    );
    const n = await tracker(form({ manager: '@mgr_acme', 'employee-login': 'jdoe_acme' }));
    const issue = gh.state.issue(n);
    const body = issue.body ?? '';
    expect(gh.state.comments(n).some((c) => c.body.includes('<!-- offboarding:validation -->'))).toBe(false);
    expect(body).toMatch(/Rotate shared secrets.*@mona_acme/);
    expect(body).toMatch(/Disable email account.*@ivan_acme @it-ivan/);
    expect(body).toMatch(/Knowledge transfer.*@mgr_acme/i);
    expect(body).toContain('`jdoe_acme`');
    expect(body).not.toMatch(/@jdoe_acme/);
    expect(issue.assignees).toEqual(expect.arrayContaining(['ivan_acme', 'mona_acme', 'mgr_acme']));
    expect(issue.assignees).not.toContain('jdoe_acme');

    gh.clock.set('2026-12-05T04:30:00Z');
    const run = await sweep();
    expect(run.code, out(run)).toBe(0);
    const sent = escalations(n).join('\n');
    expect(mentions(sent)).toEqual(expect.arrayContaining(['cio_acme', 'ivan_acme', 'mgr_acme', 'mona_acme']));
    expect(mentions(sent)).not.toContain('jdoe_acme');
  });
});

// ---- 8 -------------------------------------------------------------------------------------------

describe('8. CLI messages for an unreachable API and a missing repository', () => {
  for (const command of ['sweep', 'status']) {
    it(`${command}: a refused connection is one line, exit 2, within a couple of seconds`, async () => {
      const port = await closedPort();
      const result = await cli([command, '--repo', 'acme/people-ops'], { GITHUB_TOKEN: 't', GITHUB_API_URL: `http://127.0.0.1:${port}` });
      expect(result.code, result.stderr).toBe(2);
      expect(result.ms).toBeLessThan(3000);
      const errors = result.stderr.split('\n').filter((l) => l.startsWith('offboarding:'));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(new RegExp(`^offboarding: cannot reach http://127\\.0\\.0\\.1:${port} \\(connection refused\\): check GITHUB_API_URL`));
      expect(result.stderr).not.toMatch(/GitHub answered 500/);
    });

    it(`${command}: a repository that does not exist gets the hint and exit 2`, async () => {
      const result = await cli([command, '--repo', 'acme/no-such-repo'], { GITHUB_TOKEN: 't', GITHUB_API_URL: gh.url, OFFBOARDING_TIME_SCALE: '0.01' });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/^offboarding: not found .*check --repo, and that the token can read the repository$/m);
    });
  }
});

// ---- 9 -------------------------------------------------------------------------------------------

describe('9. a needs-info comment is not rewritten from day to day', () => {
  for (const [what, day] of [['a missing last day', ''], ['a last day that is not a date', 'next friday']] as const) {
    it(`${what}: the example date stays, and reruns days later write nothing`, async () => {
      const { number, payload } = file(formBody({ ...VALID_FORM, 'last-day': day }));
      const first = await runAction(gh, { event: 'issues', payload });
      expect(first.code, out(first)).toBe(0);
      const sticky = gh.state.comments(number)[0]?.body ?? '';
      expect(sticky).toMatch(/Last working day/);
      expect(sticky).toContain('e.g. 2026-12-10');
      for (const at of ['2026-11-27T10:00:00Z', '2026-11-30T08:00:00Z']) {
        gh.clock.set(at);
        gh.log.clear();
        const again = await runAction(gh, { event: 'issues', payload });
        expect(again.code, out(again)).toBe(0);
        const swept = await sweep();
        expect(swept.code, out(swept)).toBe(0);
        expect(gh.log.writes()).toEqual([]);
      }
      expect(gh.state.comments(number)).toHaveLength(1);
      expect(gh.state.comments(number)[0]?.body).toBe(sticky);
    });
  }
});

// ---- 10 ------------------------------------------------------------------------------------------

describe('10. an involuntary tracker\'s phase heading', () => {
  it('shows the security tasks\' early due time, not the end of the last day', async () => {
    const n = await tracker(form({ 'departure-type': 'Involuntary' }));
    const body = gh.state.issue(n).body ?? '';
    const heading = body.split('\n').find((l) => l.includes('<!-- phase:immediate -->')) ?? '';
    expect(heading).toMatch(/^## Immediate.* — due Thu 26 Nov 2026, 11:00 /);
    expect(heading).not.toMatch(/23:59/);
    // The later phases keep their own deadline.
    expect(body.split('\n').find((l) => l.includes('<!-- phase:within-24h -->'))).toMatch(/due Sat 5 Dec 2026, 23:59/);
    // The status comment's phase table says the same.
    expect(status(n)).toMatch(/Immediate[^|]*◀ \| Thu\s26\sNov\s11:00 \|/);
  });
});

// ---- 11 ------------------------------------------------------------------------------------------

describe('11. progress with N/A tasks', () => {
  it('reads "18 done + 1 N/A of 19" in the status comment, the job summary and the report', async () => {
    const n = await tracker();
    const ids = [...ALL_DEFAULT, 'asset-1', 'asset-2'];
    await editLines(n, 'hr-hana', ['final-payroll'], notApplicable('paid out by the agency'));
    await editLines(n, 'it-ivan', ids.filter((id) => id !== 'final-payroll' && id !== 'asset-2'), ticked);
    expect(status(n)).toMatch(/17 done \+ 1 N\/A of 19 \(94%\)/);
    const run = await sweep();
    expect(run.code, out(run)).toBe(0);
    expect(run.summary).toMatch(/\| Jane Doe \| 2026-12-04 \| 17 done \+ 1 N\/A of 19 \(94%\) \|/);

    const last = await tick(n, 'asset-2');
    expect(gh.state.issue(n).state).toBe('closed');
    expect(status(n)).toMatch(/18 done \+ 1 N\/A of 19/);
    expect(status(n)).not.toMatch(/18\/18/);
    const report = reports(n).join('\n');
    expect(report).toMatch(/\| Result \| 18 done \+ 1 N\/A of 19 \|/);
    expect(JSON.parse(last.outputs.report ?? '[]')[0]?.progress).toEqual({ done: 18, na: 1, total: 18 });
  });
});

// ---- 12 ------------------------------------------------------------------------------------------

describe('12. escalation.hours', () => {
  const HOURS = `timezone: Europe/Berlin\n${CHECKLIST}escalation:\n  hours: { days: Mon-Fri, from: "09:00", to: "18:00" }\n`;

  it('an escalation due on Friday night waits for Monday 09:00 in the tracker\'s zone', async () => {
    gh.state.putFile('.github/offboarding.yml', HOURS);
    const n = await tracker(); // last day Fri 4 Dec: security tasks due 23:59 Berlin (22:59 UTC)
    for (const at of ['2026-12-04T23:17:00Z', '2026-12-05T10:17:00Z', '2026-12-06T15:17:00Z', '2026-12-07T07:17:00Z']) {
      gh.clock.set(at);
      const run = await sweep();
      expect(run.code, out(run)).toBe(0);
      expect(escalations(n), at).toHaveLength(0);
    }
    // Overdue all the same: labels and status say so while the notification waits.
    expect(gh.state.issue(n).labels).toContain('offboarding:security-overdue');
    gh.clock.set('2026-12-07T08:17:00Z'); // 09:17 in Berlin, Monday
    const run = await sweep();
    expect(run.code, out(run)).toBe(0);
    expect(escalations(n)).toHaveLength(1);
    expect(mentions(escalations(n)[0] ?? '')).toEqual(expect.arrayContaining(['it-irene', 'it-ivan', 'sec-sam']));
  });

  it('an escalation due on a weekday night waits for the next morning', async () => {
    gh.state.putFile('.github/offboarding.yml', HOURS);
    const n = await tracker(form({ 'last-day': '2026-12-02' })); // Wednesday
    gh.clock.set('2026-12-02T23:17:00Z'); // 00:17 Thursday in Berlin
    expect((await sweep()).code).toBe(0);
    expect(escalations(n)).toHaveLength(0);
    gh.clock.set('2026-12-03T08:17:00Z'); // 09:17 in Berlin
    expect((await sweep()).code).toBe(0);
    expect(escalations(n)).toHaveLength(1);
  });

  it('an involuntary departure\'s security escalation does not wait for working hours', async () => {
    gh.state.putFile('.github/offboarding.yml', HOURS);
    gh.clock.set('2026-11-26T21:00:00Z'); // 22:00 in Berlin: security tasks due 23:00 Berlin
    const n = await tracker(form({ 'departure-type': 'Involuntary' }));
    gh.clock.set('2026-11-26T22:17:00Z');
    const run = await sweep();
    expect(run.code, out(run)).toBe(0);
    const sent = escalations(n);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/Disable email account/);
  });

  it('without hours, escalations are posted as soon as they are due (unchanged)', async () => {
    gh.state.putFile('.github/offboarding.yml', `timezone: Europe/Berlin\n${CHECKLIST}`);
    const n = await tracker();
    gh.clock.set('2026-12-04T23:17:00Z'); // 00:17 Saturday in Berlin
    const run = await sweep();
    expect(run.code, out(run)).toBe(0);
    expect(escalations(n)).toHaveLength(1);
  });
});

// ---- 13 ------------------------------------------------------------------------------------------

describe('13. an unlabelled form-shaped request', () => {
  it('`offboarding status` says it would convert it and writes nothing; the sweep converts it', async () => {
    const { number } = file(form(), []);
    expect(gh.state.issue(number).labels).toEqual([]);
    const env = { GITHUB_TOKEN: 'cli-token', GITHUB_API_URL: gh.url, OFFBOARDING_TIME_SCALE: '0.01' };
    gh.log.clear();
    const result = await cli(['status', '--repo', `${gh.owner}/${gh.repo}`], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/would convert[^\n]*: 1/);
    expect(result.stdout).not.toMatch(/\bconverted\b/);
    expect(gh.log.writes()).toEqual([]);
    expect(gh.state.issue(number).body).toBe(form());

    const run = await sweep();
    expect(run.code, out(run)).toBe(0);
    expect(JSON.parse(run.outputs.summary ?? '{}').converted).toBe(1);
    const issue = gh.state.issue(number);
    expect(issue.body?.startsWith(TRACKER)).toBe(true);
    expect(issue.labels).toContain('offboarding');
    expect(statusComments(number)).toHaveLength(1);
    gh.log.clear();
    await sweep();
    expect(gh.log.writes()).toEqual([]);
  });
});

// ---- 14 ------------------------------------------------------------------------------------------

describe('14. an answer lost after GitHub applied the write', () => {
  it('a status-comment POST applied but answered 502 leaves exactly one status comment', async () => {
    const { number, payload } = file(form());
    gh.faults.inject({ method: 'POST', pathPattern: new RegExp(`/issues/${number}/comments$`), status: 502, apply: true });
    const run = await runAction(gh, { event: 'issues', payload });
    expect(run.code, out(run)).toBe(0);
    expect(gh.log.some((e) => e.fault === 'applied')).toBe(true);
    expect(statusComments(number)).toHaveLength(1);
    const next = await sweep();
    expect(next.code, out(next)).toBe(0);
    expect(statusComments(number)).toHaveLength(1);
  });

  it('an escalation POST applied but answered 502 notifies the owners once, also across the next run', async () => {
    const n = await tracker();
    gh.clock.set('2026-12-05T00:30:00Z');
    gh.faults.inject({ method: 'POST', pathPattern: new RegExp(`/issues/${n}/comments$`), status: 502, apply: true });
    const run = await sweep();
    expect(run.code, out(run)).toBe(0);
    expect(gh.log.some((e) => e.fault === 'applied')).toBe(true);
    expect(escalations(n)).toHaveLength(1);
    gh.clock.set('2026-12-05T01:30:00Z');
    gh.log.clear();
    const next = await sweep();
    expect(next.code, out(next)).toBe(0);
    expect(escalations(n)).toHaveLength(1);
    expect(gh.log.writes()).toEqual([]);
  });

  it('a lost escalation answer followed by a failed status update: the next run still posts nothing twice', async () => {
    const n = await tracker();
    const statusId = statusComments(n)[0]?.id ?? 0;
    gh.clock.set('2026-12-05T00:30:00Z');
    gh.faults.inject({ method: 'POST', pathPattern: new RegExp(`/issues/${n}/comments$`), status: 502, apply: true });
    gh.faults.inject({ method: 'PATCH', pathPattern: new RegExp(`/issues/comments/${statusId}$`), status: 422 });
    // The sweep sends the status edit in its GraphQL batch (after creating the overdue labels): that
    // request fails too (with its retries), so the edit is tried over REST, which answers 422 above.
    gh.onRequest({ method: 'POST', pathPattern: /\/labels$/ }, () => gh.faults.inject({ method: 'POST', pathPattern: /\/graphql$/, status: 502, times: 4 }));
    const run = await sweep();
    expect(run.code).not.toBe(0);
    expect(escalations(n)).toHaveLength(1);
    gh.clock.set('2026-12-05T01:30:00Z');
    const next = await sweep();
    expect(next.code, out(next)).toBe(0);
    expect(escalations(n)).toHaveLength(1);
    const record = decodeLedger(status(n));
    expect(record.status).toBe('ok');
    if (record.status === 'ok') expect(record.ledger.escalations.filter((e) => e.task === 'disable-email' && e.level === 0)).toHaveLength(1);
  });
});

// ---- 15 ------------------------------------------------------------------------------------------

describe('15. assignees reconciled on every run', () => {
  it('a failed assignees write at intake is made good by the next sweep', async () => {
    const { number, payload } = file(form());
    gh.faults.inject({ method: 'POST', pathPattern: new RegExp(`/issues/${number}/assignees$`), status: 422 });
    await runAction(gh, { event: 'issues', payload });
    expect(gh.state.issue(number).body?.startsWith(TRACKER)).toBe(true);
    expect(gh.state.issue(number).assignees).toEqual([]);
    const run = await sweep();
    expect(run.code, out(run)).toBe(0);
    const assignees = gh.state.issue(number).assignees;
    expect(assignees.slice(0, 3).sort()).toEqual(['it-irene', 'it-ivan', 'sec-sam']);
    expect(assignees).toEqual(expect.arrayContaining(['fac-fred', 'mgr-maria', 'fin-fiona', 'hr-hana']));
    expect(assignees).not.toContain('jdoe');
    expect(statusComments(number)).toHaveLength(1);
    gh.log.clear();
    await sweep();
    expect(gh.log.writes()).toEqual([]);
  });

  it('a person assigned by hand stays', async () => {
    const n = await tracker();
    gh.state.raw.addAssignees(n, ['cio-carla']);
    for (const id of IMMEDIATE) await tick(n, id, id === 'rotate-shared-secrets' ? 'sec-sam' : 'it-ivan');
    const run = await sweep();
    expect(run.code, out(run)).toBe(0);
    const assignees = gh.state.issue(n).assignees;
    expect(assignees).toContain('cio-carla');
    // sec-sam owns only a security task, now done: the action unassigns the one it assigned.
    expect(assignees).not.toContain('sec-sam');
  });

  it('assigns at most ten, security owners first, keeping the one assigned by hand', async () => {
    const many = ['it-a1', 'it-a2', 'it-a3', 'it-a4', 'it-a5', 'it-a6'];
    const security = ['sec-b1', 'sec-b2', 'sec-b3'];
    const rest = ['hr-c1', 'hr-c2', 'fin-d1', 'fac-e1'];
    for (const login of [...many, ...security, ...rest]) gh.state.setPermission(login, 'write');
    gh.state.putFile(
      '.github/offboarding.yml',
      `owners:\n  IT: { logins: [${many.join(', ')}] }\n  Security: { logins: [${security.join(', ')}] }\n  HR: { logins: [${rest.slice(0, 2).join(', ')}] }\n  Finance: { logins: [fin-d1] }\n  Facilities: { logins: [fac-e1] }\n`,
    );
    const { number, payload } = file(form());
    gh.faults.inject({ method: 'POST', pathPattern: new RegExp(`/issues/${number}/assignees$`), status: 422 });
    await runAction(gh, { event: 'issues', payload });
    gh.state.raw.addAssignees(number, ['cio-carla']);
    const run = await sweep();
    expect(run.code, out(run)).toBe(0);
    const assignees = gh.state.issue(number).assignees;
    expect(assignees.length).toBeLessThanOrEqual(10);
    expect(assignees).toContain('cio-carla');
    expect(assignees).toEqual(expect.arrayContaining([...many, ...security]));
  });
});

// ---- 16 ------------------------------------------------------------------------------------------

describe('16. a status comment edited by a person', () => {
  it('another tracker\'s ledger pasted into it suppresses no escalation, and the edit is named', async () => {
    const other = await tracker(form({ 'employee-name': 'John Roe', 'employee-login': 'jroe', 'last-day': '2026-11-27' }));
    const n = await tracker();
    gh.clock.set('2026-11-28T04:30:00Z');
    expect((await sweep()).code).toBe(0);
    expect(escalations(other)).toHaveLength(1);
    expect(escalations(n)).toHaveLength(0);
    // The leaver, who still has write access, pastes the other tracker's status into their own.
    gh.clock.set('2026-11-29T09:00:00Z');
    const mine = statusComments(n)[0];
    gh.editComment(mine?.id ?? 0, { actor: 'jdoe', body: status(other) });

    gh.clock.set('2026-12-05T00:30:00Z');
    const run = await sweep();
    expect(run.code, out(run)).toBe(0);
    const sent = escalations(n);
    expect(sent).toHaveLength(1);
    expect(mentions(sent[0] ?? '')).toEqual(['it-irene', 'it-ivan', 'sec-sam']);
    for (const id of IMMEDIATE) expect(sent[0]).toContain(`${id}@0`);
    const text = status(n);
    const record = decodeLedger(text);
    expect(record.status).toBe('ok');
    if (record.status === 'ok') {
      expect(record.ledger.escalations.map((e) => `${e.task}@${e.level}`).sort()).toEqual(IMMEDIATE.map((id) => `${id}@0`).sort());
      expect(record.ledger.notes.join(' ')).toMatch(/2026-11-29T09:00:00\.000Z: the status comment was edited by jdoe/);
    }
    expect(text).toMatch(/0 of 19 done/);
    // Said where people read it, not only in the hidden record.
    expect(visible(text)).toMatch(/jdoe/);
    expect(visible(text)).toMatch(/edited/i);
    expect(visible(text)).toMatch(/29 Nov 2026/);
  });

  it('a rewritten tick record does not change who the report names, and the report and status say who edited it', async () => {
    gh.clock.set('2026-11-26T11:00:00Z');
    const n = await tracker(form({ assets: '' }));
    await tick(n, 'disable-email', 'it-irene');
    gh.clock.set('2026-11-26T11:30:00Z');
    const comment = statusComments(n)[0];
    const read = decodeLedger(comment?.body ?? '');
    expect(read.status).toBe('ok');
    if (read.status !== 'ok') return;
    const forged = { ...read.ledger, ticks: read.ledger.ticks.map((t) => (t.task === 'disable-email' ? { ...t, by: 'it-ivan', at: '2026-11-26T10:59:00.000Z' } : t)) };
    const body = (comment?.body ?? '').replace(/<!-- offboarding:ledger [^>]*-->/, encodeLedger(forged));
    expect(body).not.toBe(comment?.body);
    gh.editComment(comment?.id ?? 0, { actor: 'hr-hana', body });

    gh.clock.set('2026-11-26T12:00:00Z');
    const last = await editLines(n, 'it-ivan', ALL_DEFAULT.filter((id) => id !== 'disable-email'), ticked);
    expect(gh.state.issue(n).state).toBe('closed');
    const data = JSON.parse(last.outputs.report ?? '[]')[0];
    expect(data.tasks.find((t: { id: string }) => t.id === 'disable-email')).toMatchObject({ doneBy: 'it-irene', doneAt: '2026-11-26T11:00:00.000Z' });
    expect(data.notes.join(' ')).toMatch(/2026-11-26T11:30:00\.000Z: the status comment was edited by hr-hana/);
    const report = reports(n).join('\n');
    expect(report).toMatch(/### Notes on this record[\s\S]*hr-hana/);
    expect(report).toMatch(/Disable email account \|[^\n]*`it\u2011irene`/);
    expect(visible(status(n))).toMatch(/hr-hana/);
  });
});

// ---- 17 ------------------------------------------------------------------------------------------

describe('17. a long thread', () => {
  const chatter = (n: number, count: number, from: number): void => {
    for (let i = 0; i < count; i++) gh.comment(n, { actor: i % 2 ? 'it-ivan' : 'hr-hana', body: `Comment ${from + i}: any news on the laptop?` });
  };

  it('12 comments before conversion and 70 after: one status comment, no escalation twice, a quiet rerun writes nothing', async () => {
    const { number, payload } = file(form());
    chatter(number, 12, 1);
    const first = await runAction(gh, { event: 'issues', payload });
    expect(first.code, out(first)).toBe(0);
    chatter(number, 70, 13);
    gh.clock.set('2026-12-05T00:30:00Z');
    expect((await sweep()).code).toBe(0);
    gh.clock.set('2026-12-05T01:30:00Z');
    expect((await sweep()).code).toBe(0);
    expect(statusComments(number)).toHaveLength(1);
    expect(escalations(number)).toHaveLength(1);
    gh.log.clear();
    expect((await sweep()).code).toBe(0);
    expect(gh.log.writes()).toEqual([]);
  });

  it('an escalation in the middle of a thread of 200 comments is found: nothing is posted twice', async () => {
    const { number, payload } = file(form());
    chatter(number, 12, 1);
    expect((await runAction(gh, { event: 'issues', payload })).code).toBe(0);
    chatter(number, 70, 13);
    gh.clock.set('2026-12-05T00:30:00Z');
    expect((await sweep()).code).toBe(0);
    expect(escalations(number)).toHaveLength(1);
    chatter(number, 120, 83);
    gh.clock.set('2026-12-05T01:30:00Z');
    gh.log.clear();
    const run = await sweep();
    expect(run.code, out(run)).toBe(0);
    expect(gh.log.writes()).toEqual([]);
    expect(statusComments(number)).toHaveLength(1);
    expect(escalations(number)).toHaveLength(1);
  });
});

// ---- 18 ------------------------------------------------------------------------------------------

describe('18. hung reads, one tracker listing per run, leavers not mentioned', () => {
  /** Fails after `ms` instead of waiting for a request that never ends. */
  function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: still waiting after ${ms} ms, the hung request was not abandoned`)), ms);
    });
    return Promise.race([work, limit]).finally(() => clearTimeout(timer));
  }

  // The action's client has a fixed 30 s timeout per attempt (DEFAULT_TIMEOUT_MS in src/github/client.ts),
  // not scaled by OFFBOARDING_TIME_SCALE and not settable from the environment: a whole run with a hung
  // read would take over 30 s. The mechanism is tested on the client itself, with a short timeout.
  it('the client abandons a hung read and retries it (REST and GraphQL, client built with a 300 ms timeout)', async () => {
    const n = await tracker();
    const client = createActionClient({ token: 't', baseUrl: gh.url, log: () => undefined, timeScale: 0.01, timeoutMs: 300 });
    gh.faults.inject({ method: 'GET', pathPattern: new RegExp(`/issues/${n}$`), hang: true });
    gh.log.clear();
    const { data } = await within(5000, client.rest.issues.get({ owner: gh.owner, repo: gh.repo, issue_number: n }), 'GET issue');
    expect(data.number).toBe(n);
    gh.faults.inject({ method: 'POST', pathPattern: /\/graphql$/, hang: true });
    const q = await within(
      5000,
      client.graphql<{ repository: { issue: { number: number } } }>('query($n: Int!) { repository(owner: "acme", name: "people-ops") { issue(number: $n) { number } } }', { n }),
      'GraphQL query',
    );
    expect(q.repository.issue.number).toBe(n);
    expect(gh.log.filter((e) => e.fault === 'hung')).toHaveLength(2);
    expect(gh.log.filter((e) => e.status === 200)).toHaveLength(2);
  }, 15_000);

  it('one sweep that converts several requests lists the trackers once', async () => {
    await tracker(form({ 'employee-name': 'Old Tracker', 'employee-login': 'jroe' }));
    const a = file(form());
    const b = file(form({ 'last-day': '2026-12-05' }));
    const c = file(form({ 'employee-name': 'John Roe', 'employee-login': 'jroe', 'last-day': '2026-12-07' }));
    const listings = countGraphql(/query Trackers\b/);
    const run = await sweep();
    expect(run.code, out(run)).toBe(0);
    expect(JSON.parse(run.outputs.summary ?? '{}').converted).toBe(3);
    expect(listings.count).toBe(1);
    // The index learnt the conversions of this very run: the second request for Jane is flagged.
    expect(status(b.number)).toContain(`#${a.number}`);
    expect(status(c.number)).toContain('#1');
  });

  it('a leaver configured as escalate-to is not mentioned on another tracker, and the escalation says so', async () => {
    const carla = await tracker(form({ 'employee-name': 'Carla Cio', 'employee-login': 'cio-carla', 'last-day': '2026-11-20' }));
    const n = await tracker();
    gh.clock.set('2026-12-05T04:30:00Z');
    const run = await sweep();
    expect(run.code, out(run)).toBe(0);
    const sent = escalations(n).join('\n');
    expect(sent).toMatch(/Disable email account/);
    expect(mentions(sent)).toEqual(['it-irene', 'it-ivan', 'mgr-maria', 'sec-sam']);
    expect(sent).toMatch(new RegExp(`not notified: cio-carla, who is leaving — #${carla}`));
    expect(escalations(carla).join('\n')).not.toMatch(/@cio-carla/);
  });
});

// ---- 19 ------------------------------------------------------------------------------------------

describe('19. the departing employee ticking their own tasks', () => {
  it('a self-ticked security task stays open and is flagged self-attested in the status and the report', async () => {
    const n = await tracker(form({ assets: '' }));
    await tick(n, 'disable-email', 'jdoe');
    await tick(n, 'post-employment-obligations', 'jdoe');
    let text = status(n);
    expect(text).toMatch(/1 of 17 done/);
    expect(visible(text)).toMatch(/Disable email account was ticked by the departing employee themself \(self-attested\): it stays open/);
    expect(visible(text)).toMatch(/Post-employment obligations[^\n]*self-attested/i);

    // Still open, so it escalates when due.
    gh.clock.set('2026-12-05T00:30:00Z');
    expect((await sweep()).code).toBe(0);
    expect(escalations(n).join('\n')).toMatch(/Disable email account/);

    // Someone else confirms it; everything else is done; the report records the self-attestation.
    gh.clock.set('2026-12-05T02:00:00Z');
    await tick(n, 'disable-email', 'it-ivan', false);
    await tick(n, 'disable-email', 'it-ivan');
    text = status(n);
    expect(visible(text)).not.toMatch(/Disable email account was ticked by the departing employee/);
    const last = await editLines(n, 'it-ivan', ALL_DEFAULT.filter((id) => id !== 'disable-email' && id !== 'post-employment-obligations'), ticked);
    expect(gh.state.issue(n).state).toBe('closed');
    const data = JSON.parse(last.outputs.report ?? '[]')[0];
    expect(data.tasks.find((t: { id: string }) => t.id === 'disable-email')).toMatchObject({ doneBy: 'it-ivan', state: 'done' });
    expect(data.tasks.find((t: { id: string }) => t.id === 'post-employment-obligations')).toMatchObject({ doneBy: 'jdoe', selfAttested: true });
    const report = reports(n).join('\n');
    expect(report).toMatch(/Post-employment obligations[^\n]*`jdoe` ⚠️ self-attested/i);
    expect(report).toMatch(/Disable email account ticked by `jdoe`/);
  });
});
