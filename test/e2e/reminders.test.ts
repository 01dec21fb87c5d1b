/**
 * Issue 15, point 1, through the committed bundle as the runner runs it: with the example
 * checklist's ladder (a reminder a business day before, working hours Mon–Fri 09:00–18:00
 * Europe/Berlin), a "due soon" reminder is posted once, at a working hour, for open tasks only.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { form } from '../support/form.js';
import { runAction } from '../support/runner.js';
import { people } from '../support/people.js';

const USERS = people({ 'cio-carla': 'admin', jdoe: 'none' });
const REMINDER = '### 🔔 Offboarding tasks due soon';

let gh: Emulator;

beforeEach(async () => {
  // Monday 30 Nov 2026, 10:00 in Berlin. The last day is Friday 4 Dec: the immediate tasks fall
  // due Fri 23:59, so their reminder is due Thu 3 Dec 23:59 — outside working hours, so it waits
  // for Fri 09:00.
  gh = await startEmulator({ now: new Date('2026-11-30T09:00:00Z'), users: USERS });
  gh.state.putFile('.github/offboarding.yml', readFileSync('examples/.github/offboarding.yml', 'utf8'));
});
afterEach(async () => gh.close());

const reminders = (n: number): string[] => gh.state.comments(n).map((c) => c.body).filter((b) => b.includes(REMINDER));

async function sweepAt(iso: string): Promise<void> {
  gh.clock.set(new Date(iso));
  const run = await runAction(gh, { event: 'schedule', payload: gh.schedulePayload(), bundle: true });
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
}

describe('reminders before due (dist/index.js)', () => {
  it('are posted once a business day before, at a working hour, and never for a task already done', async () => {
    const { number, payload } = gh.fileIssue({ author: 'hr-hana', title: 'Offboarding: ', body: form({ 'last-day': '2026-12-04' }), labels: ['offboarding'] });
    const opened = await runAction(gh, { event: 'issues', payload, bundle: true });
    expect(opened.outputs.tracker, `${opened.stdout}\n${opened.stderr}`).toBe(String(number));

    // IT disables the e-mail account early.
    const body = gh.state.issue(number).body ?? '';
    const line = body.split('\n').find((l) => l.includes('<!-- task:disable-email -->')) ?? '';
    const edited = gh.editBody(number, { actor: 'it-ivan', body: body.replace(line, line.replace('[ ]', '[x]')) });
    expect((await runAction(gh, { event: 'issues', payload: edited, bundle: true })).code).toBe(0);

    // Wednesday: nothing is due soon yet.
    await sweepAt('2026-12-02T10:17:00Z');
    expect(reminders(number)).toEqual([]);
    // Thursday 23:59 in Berlin has passed, but it is the middle of the night: the reminder waits.
    await sweepAt('2026-12-03T23:17:00Z'); // Fri 00:17 CET
    await sweepAt('2026-12-04T06:17:00Z'); // Fri 07:17 CET
    expect(reminders(number)).toEqual([]);

    // Friday 09:17 in Berlin: one reminder for the open immediate tasks, to their owners.
    await sweepAt('2026-12-04T08:17:00Z');
    const posted = reminders(number);
    expect(posted).toHaveLength(1);
    const text = posted[0] ?? '';
    expect(text).toContain('**Revoke VPN access** — due Fri 4 Dec 2026, 23:59 CET: @it-ivan @it-irene');
    expect(text).toContain('**Rotate shared secrets the person knew** — due Fri 4 Dec 2026, 23:59 CET: @sec-sam');
    expect(text).not.toContain('Disable email account');
    // A reminder notifies owners only, never the manager or the escalation contacts yet.
    expect(text).not.toMatch(/@mgr-maria|@cio-carla|@ciso-cleo/);
    // Not overdue: no overdue label.
    expect(gh.state.issue(number).labels).not.toContain('offboarding:overdue');

    // Later sweeps that day post no second reminder.
    await sweepAt('2026-12-04T09:17:00Z');
    await sweepAt('2026-12-04T12:17:00Z');
    expect(reminders(number)).toHaveLength(1);
  });
});
