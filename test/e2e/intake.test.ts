import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { form, formBody, VALID_FORM } from '../support/form.js';
import { runAction } from '../support/runner.js';
import { parseMarkdown, walk } from '../../src/markdown/mdast.js';
import { people } from '../support/people.js';

/** Rendered as GitHub would: only our own markers and wrappers as HTML, no live mention, no foreign task. */
function expectInert(markdown: string, tasks: number): void {
  const tree = parseMarkdown(markdown);
  let checkboxes = 0;
  walk(tree, (node) => {
    if (node.type === 'html' && node.value.startsWith('<pre>')) {
      // The original answers: every character that could be markup is a character reference.
      expect(node.value).toMatch(/^<pre>[^<>@]*<\/pre>$/);
    } else if (node.type === 'html') {
      expect(node.value).toMatch(/^(<!-- (offboarding:[a-z-]+( v1)?|confirm:github|task:[a-z0-9%-]+|phase:[a-z0-9%-]+|offboarding:(plan|ledger|escalation|report-key) [^<>]*) -->|<\/?(details|summary|pre|sub)>(<summary>.*<\/summary>)?|<!-- offboarding:report --><!-- offboarding:report-key \w+ -->)+$/s);
    }
    if (node.type === 'link') expect(node.url).toMatch(/^https?:/);
    if (node.type === 'image') throw new Error('an image came through');
    // The action's own confirmation line for GitHub access is a checkbox, not a task.
    if (node.type === 'listItem' && node.checked !== null && node.checked !== undefined && !JSON.stringify(node).includes('confirm:github')) checkboxes += 1;
    if (node.type === 'text') expect(node.value).not.toMatch(/(^|[^\w\u200b`])@(everyone|acme)\b/);
    if (node.type === 'heading') expect(JSON.stringify(node)).not.toMatch(/Heading/);
  });
  expect(checkboxes).toBe(tasks);
}

const USERS = people({ 'cio-carla': 'admin', 'out-oscar': 'read', jdoe: 'write' });

const CHECKLIST = `
requesters: [people-partner]
owners:
  IT:
    logins: [it-ivan, it-irene]
    escalate-to: [cio-carla]
`;

let gh: Emulator;

beforeEach(async () => {
  gh = await startEmulator({ now: new Date('2026-11-26T10:00:00Z'), users: USERS });
});
afterEach(async () => gh.close());

function file(body: string, author = 'hr-hana', labels: string[] = ['offboarding']) {
  return gh.fileIssue({ author, title: 'Offboarding: ', body, labels });
}

function statusComments(number: number) {
  return gh.state.comments(number).filter((c) => c.body.includes('<!-- offboarding:status -->'));
}

describe('intake through dist/index.js', () => {
  it('converts a valid voluntary request: title, body, labels, assignees, status', async () => {
    gh.state.putFile('.github/offboarding.yml', CHECKLIST);
    const { number, payload } = file(form());
    const run = await runAction(gh, { event: 'issues', payload });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.tracker).toBe(String(number));
    const issue = gh.state.issue(number);
    expect(issue.title).toBe('Offboarding: Jane Doe — last day 2026-12-04');
    expect(issue.body?.startsWith('<!-- offboarding:tracker v1 -->')).toBe(true);
    for (const id of ['disable-email', 'revoke-sessions', 'rotate-shared-secrets', 'knowledge-transfer', 'asset-1', 'asset-2']) {
      expect(issue.body).toContain(`<!-- task:${id} -->`);
    }
    expect(issue.body).toMatch(/- \[ \] 🔒 Disable email account — @it-ivan @it-irene/);
    expect(issue.labels.sort()).toEqual(['offboarding', 'offboarding:phase-immediate']);
    // Security owners first; the departing employee is never assigned or mentioned.
    expect(issue.assignees.slice(0, 2)).toEqual(['it-ivan', 'it-irene']);
    expect(issue.assignees).not.toContain('jdoe');
    expect(issue.body).not.toMatch(/@jdoe\b/);
    expect(statusComments(number)).toHaveLength(1);
    const created = gh.state.labels().find((l) => l.name === 'offboarding:phase-immediate');
    expect(created?.description).toMatch(/Immediate/);
    expect(created?.color).not.toBe('ededed');
  });

  it('locks first for an involuntary departure and makes each asset a task', async () => {
    const { number, payload } = file(form({ 'departure-type': 'Involuntary', assets: 'Laptop MBP-0412\n\n- Badge 7781\n' }));
    const run = await runAction(gh, { event: 'issues', payload });
    expect(run.code, run.stdout).toBe(0);
    const body = gh.state.issue(number).body ?? '';
    // Intake at 10:00 UTC + 1h grace: security tasks due 11:00 on the 26th, not on the last day.
    expect(body).toMatch(/Disable email account.*due Thu 26 Nov 2026, 11:00/);
    expect(body).toMatch(/Collect laptop.*due Sat 5 Dec 2026/);
    expect(body).toMatch(/Recover Laptop MBP-0412/);
    expect(body).toMatch(/Recover Badge 7781/);
    expect(body).not.toContain('asset-3');
  });

  it('lists every problem in one sticky comment, then converts once the author fixes the form', async () => {
    const bad = formBody({ ...VALID_FORM, 'employee-name': '', 'last-day': 'next friday', 'departure-type': 'Sabbatical', manager: 'not a login!' });
    const { number, payload } = file(bad);
    const first = await runAction(gh, { event: 'issues', payload });
    expect(first.code).toBe(0);
    expect(first.outputs.tracker).toBeUndefined();
    let comments = gh.state.comments(number);
    expect(comments).toHaveLength(1);
    const sticky = comments[0]?.body ?? '';
    expect(sticky).toContain('<!-- offboarding:validation -->');
    for (const label of ['Employee name', 'Last working day', 'Departure type', "Manager's GitHub login"]) {
      expect(sticky).toContain(label);
    }
    expect(gh.state.issue(number).labels).toContain('offboarding:needs-info');
    expect(gh.state.issue(number).body).toBe(bad);

    // Still wrong after a partial fix: the same comment is updated, not a second one.
    const partial = gh.editBody(number, { actor: 'hr-hana', body: formBody({ ...VALID_FORM, 'last-day': '2026-02-30' }) });
    await runAction(gh, { event: 'issues', payload: partial });
    comments = gh.state.comments(number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toMatch(/Last working day/);
    expect(comments[0]?.body).not.toMatch(/Employee name/);

    const fixed = gh.editBody(number, { actor: 'hr-hana', body: form() });
    const last = await runAction(gh, { event: 'issues', payload: fixed });
    expect(last.code).toBe(0);
    expect(last.outputs.tracker).toBe(String(number));
    const issue = gh.state.issue(number);
    expect(issue.body?.startsWith('<!-- offboarding:tracker v1 -->')).toBe(true);
    expect(issue.labels).not.toContain('offboarding:needs-info');
    const validation = gh.state.comments(number).filter((c) => c.body.includes('<!-- offboarding:validation -->'));
    expect(validation).toHaveLength(1);
    expect(validation[0]?.body).toMatch(/All fixed/);
  });

  it('rejects a manager who cannot be assigned, and ten years ahead', async () => {
    const { number, payload } = file(form({ manager: 'ghost-gary', 'last-day': '2036-12-04' }));
    await runAction(gh, { event: 'issues', payload });
    const sticky = gh.state.comments(number)[0]?.body ?? '';
    expect(sticky).toMatch(/cannot be assigned/);
    expect(sticky).toMatch(/Last working day/);
    expect(gh.state.issue(number).title).toBe('Offboarding: ');
  });

  it('accepts a last day in the past with a warning', async () => {
    const { number, payload } = file(form({ 'last-day': '2026-11-20' }));
    const run = await runAction(gh, { event: 'issues', payload });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/already due/i);
    expect(gh.state.issue(number).body?.startsWith('<!-- offboarding:tracker v1 -->')).toBe(true);
    // Already overdue at intake: the overdue labels are set at once.
    expect(gh.state.issue(number).labels).toContain('offboarding:security-overdue');
  });

  it('answers an unauthorised requester with one comment and a label, and nothing else', async () => {
    const { number, payload } = file(form(), 'out-oscar');
    const run = await runAction(gh, { event: 'issues', payload });
    expect(run.code).toBe(0);
    const issue = gh.state.issue(number);
    expect(issue.labels).toContain('offboarding:unauthorized');
    expect(issue.assignees).toEqual([]);
    expect(issue.body).toBe(form());
    const comments = gh.state.comments(number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).not.toMatch(/@[a-z]/i);
    // A rerun changes nothing.
    gh.log.clear();
    await runAction(gh, { event: 'issues', payload });
    expect(gh.log.writes()).toHaveLength(0);
  });

  it('lets a listed requester without write permission file', async () => {
    gh.state.putFile('.github/offboarding.yml', CHECKLIST);
    gh.state.setPermission('people-partner', 'read');
    const { number, payload } = file(form(), 'people-partner');
    await runAction(gh, { event: 'issues', payload });
    expect(gh.state.issue(number).body?.startsWith('<!-- offboarding:tracker v1 -->')).toBe(true);
  });

  it('recognises an unlabelled request by its shape and creates the labels it needs', async () => {
    const { number, payload } = file(form(), 'hr-hana', []);
    expect(gh.state.issue(number).labels).toEqual([]);
    await runAction(gh, { event: 'issues', payload });
    expect(gh.state.issue(number).labels).toContain('offboarding');
    expect(gh.state.labels().map((l) => l.name)).toContain('offboarding');
  });

  it('ignores an ordinary issue', async () => {
    const { number, payload } = file('The printer on floor 2 is broken.', 'hr-hana', []);
    const run = await runAction(gh, { event: 'issues', payload });
    expect(run.code).toBe(0);
    expect(gh.log.writes()).toHaveLength(0);
    expect(gh.state.comments(number)).toHaveLength(0);
  });

  it('makes zero writes when intake runs again on the same issue', async () => {
    const { payload } = file(form());
    await runAction(gh, { event: 'issues', payload });
    gh.log.clear();
    const again = await runAction(gh, { event: 'issues', payload });
    expect(again.code).toBe(0);
    expect(gh.log.writes()).toEqual([]);
  });

  it('flags a second open tracker for the same person', async () => {
    const first = file(form());
    await runAction(gh, { event: 'issues', payload: first.payload });
    const second = file(form({ 'last-day': '2026-12-05' }));
    await runAction(gh, { event: 'issues', payload: second.payload });
    expect(gh.state.issue(second.number).body?.startsWith('<!-- offboarding:tracker v1 -->')).toBe(true);
    expect(statusComments(second.number)[0]?.body).toContain(`#${first.number}`);
  });

  it('explains a broken checklist in one comment and fails before any other write', async () => {
    gh.state.putFile('.github/offboarding.yml', 'tasks:\n  - id: x\n    title: X\n    phase: immediate\n    owner: ITT\n');
    const { number, payload } = file(form());
    const run = await runAction(gh, { event: 'issues', payload });
    expect(run.code).not.toBe(0);
    expect(run.stdout).toMatch(/\.github\/offboarding\.yml:5:\d+: tasks\[0\]\.owner/);
    expect(gh.log.writes().map((w) => w.method)).toEqual(['POST']);
    expect(gh.state.comments(number)).toHaveLength(1);
    expect(gh.state.issue(number).body).toBe(form());
  });

  it('dry run prints the conversion and writes nothing', async () => {
    const { number, payload } = file(form());
    const run = await runAction(gh, { event: 'issues', payload, inputs: { 'dry-run': 'true' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\[dry-run\] would #\d+: convert to tracker/);
    expect(gh.log.writes()).toEqual([]);
    expect(gh.state.issue(number).body).toBe(form());
  });
});

describe('hostile input', () => {
  const cases: Record<string, string> = {
    '@everyone': 'Jane @everyone Doe',
    '@org/team': 'Jane @acme/security Doe',
    'forged task marker': 'Jane <!-- task:disable-email --> Doe',
    'task-list item': '- [x] done',
    heading: '### Heading',
    html: '<img src=x onerror=alert(1)>',
    'javascript link': '[click](javascript:alert(1))',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`neutralises ${name} in every field it can reach`, async () => {
      const { number, payload } = file(
        form({ 'employee-name': text, notes: `${text}\n${text}`, assets: `Laptop\n${text}`, department: text }),
      );
      const run = await runAction(gh, { event: 'issues', payload });
      expect(run.code, run.stdout).toBe(0);
      const issue = gh.state.issue(number);
      const body = issue.body ?? '';
      expect(body.startsWith('<!-- offboarding:tracker v1 -->')).toBe(true);
      expect(body.match(/<!-- offboarding:tracker v1 -->/g)).toHaveLength(1);
      expectInert(body, 19);
      for (const comment of gh.state.comments(number)) expectInert(comment.body, 0);
      expect(issue.title).not.toMatch(/<!--|@everyone|@acme/);
    });
  }

  it('cuts 60,000 characters with a note and keeps the tracker intact', async () => {
    const huge = 'A'.repeat(60_000);
    const { number, payload } = file(form({ notes: huge }));
    const run = await runAction(gh, { event: 'issues', payload });
    expect(run.code, run.stdout).toBe(0);
    const body = gh.state.issue(number).body ?? '';
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toMatch(/cut/i);
    expect(body.match(/<!-- task:/g)).toHaveLength(19);
  });
});
