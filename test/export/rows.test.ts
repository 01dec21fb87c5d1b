import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { labelSet } from '../../src/domain/labels.js';
import { exportDocument, renderJson } from '../../src/export/json.js';
import { exportFormats, exportPeriod, periodEnd } from '../../src/export/options.js';
import { exportRows, type OffboardingRow } from '../../src/export/rows.js';
import { EXPORT_SCHEMA } from '../../src/export/schema.js';
import { exportOutput, renderExportSummary, renderExportText, type ExportResult } from '../../src/export/summary.js';
import { exportTotals, median } from '../../src/export/totals.js';
import { SettingError } from '../../src/settings/rules.js';
import { REPORT_DATA } from '../../src/report/render.js';
import { reportMarker } from '../../src/domain/markers.js';
import type { TrackerSnapshot } from '../../src/domain/types.js';
import { BOT, escalationComment, snapshot, type SnapshotOptions } from './fixtures.js';

const LABELS = labelSet('offboarding');
const PERIOD = { since: '2026-12-01', until: '2026-12-31' };
const NOW = new Date('2026-12-10T12:00:00Z');

function rows(snapshots: readonly TrackerSnapshot[], period = PERIOD, now = NOW): OffboardingRow[] {
  return exportRows({ snapshots, labels: LABELS, period, now });
}

function one(options: SnapshotOptions): OffboardingRow {
  const [row] = rows([snapshot(options)]);
  if (!row) throw new Error('no row');
  return row;
}

function task(row: OffboardingRow, id: string) {
  return row.securityTasks.find((t) => t.id === id);
}

const completedTicks = {
  'disable-email': ['2026-12-04T20:00:00.000Z', 'it-ivan'],
  'revoke-vpn': ['2026-12-05T01:59:00.000Z', 'it-irene'],
  'collect-laptop': ['2026-12-05T09:00:00.000Z', 'it-ivan'],
  'knowledge-transfer': ['2026-12-06T09:00:00.000Z', 'mgr-mia'],
  'exit-interview': ['2026-12-07T09:00:00.000Z', 'hr-hana'],
} as const;

describe('export rows', () => {
  it('a completed tracker: each security task with due, done at, done by, how, on time or late by', () => {
    const row = one({ state: 'closed', ticks: completedTicks, ledger: { completions: [{ at: '2026-12-07T09:05:00.000Z', key: 'k' }] } });
    expect(row).toMatchObject({
      issue: 1,
      employee: { name: 'Jane Doe', login: 'jdoe', department: 'Engineering', manager: 'mgr-mia' },
      departureType: 'Voluntary',
      lastDay: '2026-12-04',
      state: 'completed',
      endedAt: '2026-12-07T09:05:00.000Z',
      intakeAt: '2026-11-26T10:00:00.000Z',
      record: 'ok',
      notes: [],
    });
    // Only security tasks, in the plan's order.
    expect(row.securityTasks.map((t) => t.id)).toEqual(['disable-email', 'revoke-vpn']);
    expect(task(row, 'disable-email')).toEqual({
      id: 'disable-email',
      title: 'Disable email account',
      controls: [],
      state: 'done',
      due: '2026-12-04T22:59:00.000Z',
      doneAt: '2026-12-04T20:00:00.000Z',
      doneBy: 'it-ivan',
      how: 'person',
      evidence: 'event',
      result: 'on-time',
      lateByMs: -(2 * 3600_000 + 59 * 60_000),
      lateBy: 'on time',
      timeToRevokeMs: Date.parse('2026-12-04T20:00:00Z') - Date.parse('2026-11-26T10:00:00Z'),
      naReason: null,
    });
    expect(task(row, 'revoke-vpn')).toMatchObject({ result: 'late', lateByMs: 3 * 3600_000, lateBy: 'late by 3h', doneBy: 'it-irene' });
  });

  it('an open tracker: overdue tasks late by the time since their due instant, the others open', () => {
    const row = one({
      plan: { tasks: [{ ...baseTask('disable-email'), due: '2026-12-10T20:00:00.000Z' }, baseTask('revoke-vpn')] },
      ticks: {},
    });
    expect(row.state).toBe('open');
    expect(task(row, 'disable-email')).toMatchObject({ state: 'open', result: 'open', lateByMs: null, lateBy: 'open', doneAt: null, doneBy: null, how: null });
    expect(task(row, 'revoke-vpn')).toMatchObject({ result: 'overdue', lateByMs: NOW.getTime() - Date.parse('2026-12-04T22:59:00Z'), lateBy: 'overdue by 5d 13h' });
  });

  it('cancelled (and not reopened since): cancelled with who, when and why; open tasks are cancelled, not overdue', () => {
    const cancelled = { at: '2026-11-28T10:00:00.000Z', by: 'hr-hana', reason: 'the resignation was withdrawn' };
    const row = one({ state: 'closed', ticks: { 'disable-email': ['2026-11-27T10:00:00.000Z', 'it-ivan'] }, ledger: { cancelled } });
    expect(row).toMatchObject({ state: 'cancelled', cancelled, endedAt: cancelled.at });
    expect(task(row, 'revoke-vpn')).toMatchObject({ result: 'cancelled', lateBy: 'cancelled' });
    expect(task(row, 'disable-email')).toMatchObject({ result: 'on-time' });
    // Reopened by a person after the cancellation: it runs again.
    const reopened = one({ ledger: { cancelled, reopened: { at: '2026-11-29T10:00:00.000Z', by: 'hr-hana' } } });
    expect(reopened).toMatchObject({ state: 'open', cancelled: null });
  });

  it('closed by hand without completing: closed, its open tasks not done', () => {
    const row = one({ state: 'closed', ticks: { 'disable-email': ['2026-11-27T10:00:00.000Z', 'it-ivan'] } });
    expect(row).toMatchObject({ state: 'closed', endedAt: null });
    expect(task(row, 'revoke-vpn')).toMatchObject({ result: 'not-done', lateBy: 'not done (closed)' });
    // Completed once, then reopened, a task unticked and closed by hand: closed, not completed.
    const undone = one({ state: 'closed', ticks: { 'disable-email': ['2026-11-27T10:00:00.000Z', 'it-ivan'] }, ledger: { completions: [{ at: '2026-11-28T00:00:00.000Z', key: 'k' }] } });
    expect(undone.state).toBe('closed');
  });

  it('N/A security tasks carry their reason', () => {
    const s = snapshot({ ticks: completedTicks });
    const body = s.body.replace(/(Revoke VPN access)/, '$1 N/A: no VPN account');
    const [row] = rows([{ ...s, body }]);
    expect(row && task(row, 'revoke-vpn')).toMatchObject({ state: 'na', result: 'na', lateBy: 'N/A', naReason: 'no VPN account' });
  });

  it('a deleted status comment: listed from the body with a note; done tasks without a time', () => {
    const row = one({ ledger: null, ticked: ['disable-email'] });
    expect(row).toMatchObject({ record: 'from-body', state: 'open', employee: { name: 'Jane Doe' }, lastDay: '2026-12-04' });
    expect(row.notes[0]).toMatch(/^the status comment \(the action's record\) was deleted: tasks and deadlines come from the tracker body; who did what and when is not known$/);
    expect(task(row, 'disable-email')).toMatchObject({ state: 'done', result: 'done', doneAt: null, doneBy: null, lateBy: 'done (time not recorded)' });
  });

  it('a damaged or removed record line: listed from the body, the note says which', () => {
    const damaged = one({ statusBody: '<!-- offboarding:status -->\nStatus.\n<!-- offboarding:ledger z:AAAA -->' });
    expect(damaged.record).toBe('from-body');
    expect(damaged.notes[0]).toMatch(/^the status comment's hidden record is damaged \(/);
    const removed = one({ statusBody: '<!-- offboarding:status -->\nStatus.' });
    expect(removed.notes[0]).toMatch(/^the status comment's hidden record was removed: /);
  });

  it('a cancelled label without a record: cancelled, with a note that the details are not known', () => {
    const row = one({ ledger: null, state: 'closed', labels: ['offboarding', 'offboarding:cancelled'] });
    expect(row).toMatchObject({ state: 'cancelled', cancelled: null });
    expect(row.notes.at(-1)).toMatch(/cancelled according to its label offboarding:cancelled/);
  });

  it('the plan gone too: listed from the title, with a note', () => {
    const row = one({ ledger: null, body: 'Someone wiped this.\n<!-- offboarding:tracker v1 -->', comments: [escalationComment('disable-email')] });
    expect(row).toMatchObject({ record: 'from-title', employee: { name: 'Jane Doe', login: null }, lastDay: '2026-12-04', departureType: null, securityTasks: [] });
    expect(row.notes[0]).toMatch(/the hidden plan is gone .*listed from the issue's title only/);
    // Without the action's comments it is still listed: the title and the marker are the action's.
    const unrecognised = one({ ledger: null, body: '<!-- offboarding:tracker v1 -->\nwiped' });
    expect(unrecognised).toMatchObject({ record: 'from-title', lastDay: '2026-12-04' });
    expect(unrecognised.notes[0]).toMatch(/^no longer recognisable as a tracker .*; check it$/);
    // A request that merely carries the label is no offboarding.
    expect(rows([snapshot({ ledger: null, body: 'a request', title: 'Offboarding: Sam' })])).toEqual([]);
  });

  it('a title that says nothing either: listed in every export, with a note', () => {
    const row = one({ ledger: null, body: 'wiped', title: 'Who was this?', comments: [escalationComment('disable-email')] });
    expect(row).toMatchObject({ record: 'from-title', lastDay: null, employee: { name: 'Who was this?' } });
    expect(row.notes.at(-1)).toMatch(/last day is not known/);
  });

  it('a closed tracker whose record is gone: the evidence from the final report the action posted', () => {
    const done = one({ state: 'closed', ticks: completedTicks, ledger: { completions: [{ at: '2026-12-07T09:05:00.000Z', key: 'k' }] } });
    const s = snapshot({ state: 'closed', ticks: completedTicks, ledger: { completions: [{ at: '2026-12-07T09:05:00.000Z', key: 'k' }] } });
    // The report as the action writes it (the hidden form), built from the same record.
    const fakeReport = {
      version: 1,
      issue: 1,
      employee: { name: 'Jane Doe', login: 'jdoe', department: 'Engineering', manager: 'mgr-mia', departureType: 'Voluntary', lastDay: '2026-12-04' },
      intakeAt: '2026-11-26T10:00:00.000Z',
      closedAt: '2026-12-07T09:05:00.000Z',
      tasks: [
        { id: 'disable-email', title: 'Disable email account', security: true, controls: [], due: '2026-12-04T22:59:00.000Z', state: 'done', doneAt: '2026-12-04T20:00:00.000Z', doneBy: 'it-ivan', how: 'person', evidence: 'event', lateByMs: -10_740_000, timeToRevokeMs: 1 },
        { id: 'payroll', title: 'Payroll', security: false, controls: [], due: '2026-12-04T22:59:00.000Z', state: 'done' },
      ],
    };
    const report = { id: 300, body: `${reportMarker('k')}\nReport.\n${REPORT_DATA.encode(fakeReport as never)}`, createdAt: '2026-12-07T09:05:00Z', author: BOT };
    const [row] = rows([{ ...s, comments: [report] }]);
    expect(row).toMatchObject({ record: 'from-report', state: 'completed', endedAt: '2026-12-07T09:05:00.000Z' });
    expect(row?.notes[0]).toMatch(/was deleted: the evidence comes from the action's final report of 2026-12-07T09:05:00.000Z/);
    expect(row?.securityTasks).toEqual([{ ...task(done, 'disable-email'), timeToRevokeMs: 1 }]);
    // A report a person edited since is not believed.
    const [edited] = rows([{ ...s, comments: [{ ...report, editor: { login: 'hr-hana', bot: false }, editedAt: '2026-12-08T00:00:00Z' }] }]);
    expect(edited?.record).toBe('from-body');
  });

  it('a status comment a person edited: the action\'s own last revision, with a note', () => {
    const own = snapshot({ ticks: { 'disable-email': ['2026-12-01T10:00:00.000Z', 'it-ivan'] } });
    const edited = { ...own, comments: [{ ...(own.comments[0] as TrackerSnapshot['comments'][number]), body: '<!-- offboarding:status -->\nmine now', editor: { login: 'hr-hana', bot: false }, editedAt: '2026-12-02T00:00:00Z' }] };
    const restores = new Map([[1, { body: own.comments[0]?.body, editedBy: 'hr-hana', editedAt: '2026-12-02T00:00:00.000Z' }]]);
    const [row] = exportRows({ snapshots: [edited], restores, labels: LABELS, period: PERIOD, now: NOW });
    expect(row).toMatchObject({ record: 'restored' });
    expect(row?.notes[0]).toMatch(/edited by hr-hana at 2026-12-02T00:00:00.000Z; the action's own last revision of it was used/);
    expect(row && task(row, 'disable-email')).toMatchObject({ doneBy: 'it-ivan' });
    const gone = exportRows({ snapshots: [edited], restores: new Map([[1, { editedBy: 'hr-hana', editedAt: '2026-12-02T00:00:00.000Z' }]]), labels: LABELS, period: PERIOD, now: NOW });
    expect(gone[0]?.record).toBe('from-body');
    expect(gone[0]?.notes[0]).toMatch(/edited by hr-hana .* no revision the action wrote remains/);
  });

  it('the period is inclusive at both ends, compared as dates; sorted by last day then issue', () => {
    const at = (number: number, lastDay: string) => snapshot({ number, plan: { request: { lastDay } } });
    const listed = rows([at(1, '2026-11-30'), at(2, '2026-12-31'), at(3, '2026-12-01'), at(4, '2027-01-01'), at(5, '2026-12-01')]);
    expect(listed.map((r) => [r.issue, r.lastDay])).toEqual([[3, '2026-12-01'], [5, '2026-12-01'], [2, '2026-12-31']]);
  });

  it('only trackers: requests and unauthorised requests are left out, pasted plans do not count', () => {
    const request: TrackerSnapshot = { ...snapshot({ number: 7, ledger: null }), body: '### Employee name\n\nSam' };
    const pasted = { ...snapshot({ number: 8, ledger: null }), title: 'Offboarding: ', body: snapshot({ number: 1, ledger: null }).body };
    const unauthorized = { ...snapshot({ number: 9, ledger: null, body: '<!-- offboarding:tracker v1 -->' }), labels: ['offboarding', 'offboarding:unauthorized'] };
    expect(rows([request, pasted, unauthorized])).toEqual([]);
  });
});

describe('totals', () => {
  it('counts departures by state and security tasks by result; the median time to revoke', () => {
    const list = rows([
      snapshot({ number: 1, state: 'closed', ticks: completedTicks, ledger: { completions: [{ at: '2026-12-07T09:05:00.000Z', key: 'k' }] } }),
      snapshot({ number: 2 }),
      snapshot({ number: 3, ledger: { cancelled: { at: '2026-11-28T10:00:00.000Z', by: 'hr-hana', reason: 'withdrawn' } }, state: 'closed' }),
      snapshot({ number: 4, ledger: null, ticked: ['disable-email'], state: 'closed' }),
    ]);
    const totals = exportTotals(list);
    expect(totals).toEqual({
      departures: 4,
      byState: { open: 1, completed: 1, cancelled: 1, closed: 1 },
      incompleteRecords: 1,
      securityTasks: 8,
      onTime: 1,
      late: 1,
      doneUntimed: 1,
      na: 0,
      open: 2,
      overdue: 2,
      notDone: 1,
      cancelled: 2,
      medianTimeToRevokeMs: median([Date.parse('2026-12-04T20:00:00Z') - Date.parse('2026-11-26T10:00:00Z'), Date.parse('2026-12-05T01:59:00Z') - Date.parse('2026-11-26T10:00:00Z')]),
      medianTimeToRevoke: '8d 13h',
    });
    expect(totals.onTime + totals.late + totals.doneUntimed + totals.na + totals.open + totals.notDone + totals.cancelled).toBe(totals.securityTasks);
    expect(exportTotals([])).toMatchObject({ departures: 0, medianTimeToRevokeMs: null, medianTimeToRevoke: null });
  });

  it('median: the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(4);
  });
});

describe('the JSON document', () => {
  it('follows the documented schema, every key present, unknowns null', () => {
    const list = rows([
      snapshot({ number: 1, state: 'closed', ticks: completedTicks, ledger: { completions: [{ at: '2026-12-07T09:05:00.000Z', key: 'k' }] } }),
      snapshot({ number: 2, ledger: { cancelled: { at: '2026-11-28T10:00:00.000Z', by: 'hr-hana', reason: 'withdrawn' } } }),
      snapshot({ number: 3, ledger: null, body: 'wiped <!-- offboarding:tracker v1 -->', title: 'x' }),
      snapshot({ number: 4, ledger: null, body: '<!-- offboarding:tracker v1 -->', comments: [escalationComment('disable-email')] }),
    ]);
    const document = exportDocument({ repository: 'acme/people-ops', period: PERIOD, now: NOW, totals: exportTotals(list), rows: list });
    const parsed: unknown = JSON.parse(renderJson(document));
    const validate = new Ajv2020({ strict: true, validateFormats: false, allErrors: true }).compile(EXPORT_SCHEMA);
    expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
    expect(parsed).toMatchObject({ version: 1, repository: 'acme/people-ops', period: PERIOD, generatedAt: '2026-12-10T12:00:00.000Z' });
    expect(renderJson(document).endsWith('}\n')).toBe(true);
  });
});

describe('settings', () => {
  it('formats: csv, json or both; anything else is refused', () => {
    expect(exportFormats(undefined)).toEqual(['csv', 'json']);
    expect(exportFormats(' JSON ')).toEqual(['json']);
    expect(exportFormats('json,csv')).toEqual(['csv', 'json']);
    expect(() => exportFormats('xlsx')).toThrow(SettingError);
  });

  it('the period: until defaults to today in the zone and may not be before since', () => {
    expect(periodEnd('', new Date('2026-12-31T23:30:00Z'), 'Europe/Berlin')).toBe('2027-01-01');
    expect(periodEnd('2026-12-05', NOW, 'UTC')).toBe('2026-12-05');
    expect(() => periodEnd('2026-13-01', NOW, 'UTC')).toThrow(/not a date/);
    expect(exportPeriod('2026-12-01', '2026-12-01')).toEqual({ since: '2026-12-01', until: '2026-12-01' });
    expect(() => exportPeriod('2026-12-02', '2026-12-01')).toThrow(/before the start of the period/);
  });
});

describe('summary and output', () => {
  const list = rows([
    snapshot({ number: 1, state: 'closed', ticks: completedTicks, ledger: { completions: [{ at: '2026-12-07T09:05:00.000Z', key: 'k' }] } }),
    snapshot({ number: 2, ledger: null }),
  ]);
  const result: ExportResult = {
    repository: 'acme/people-ops',
    period: PERIOD,
    generatedAt: NOW.toISOString(),
    files: [
      { format: 'csv', path: 'out/offboarding-export.csv', sha256: 'a'.repeat(64), bytes: 10 },
      { format: 'json', path: 'out/offboarding-export.json', sha256: 'b'.repeat(64), bytes: 20 },
    ],
    totals: exportTotals(list),
    rows: list,
  };

  it('the export output maps each format to its SHA-256', () => {
    expect(JSON.parse(exportOutput(result))).toEqual({ csv: 'a'.repeat(64), json: 'b'.repeat(64) });
  });

  it('the job summary: totals, files with SHA-256, late tasks and incomplete records', () => {
    const md = renderExportSummary(result);
    expect(md).toMatch(/^## Offboarding audit export: 2026-12-01 to 2026-12-31\n/);
    expect(md).toContain('2 offboardings with a last day in the period (1 completed, 1 open, 0 cancelled, 0 closed without completing)');
    expect(md).toContain(`| out/offboarding-export.csv | \`${'a'.repeat(64)}\` | 10 |`);
    expect(md).toMatch(/\| Done late \| 1 \|/);
    expect(md).toMatch(/### Late or overdue security tasks \(3\)/);
    expect(md).toMatch(/\| \\#1 \| Jane Doe \| Revoke VPN access \| 2026-12-04T22:59:00.000Z \| late by 3h \|/);
    expect(md).toMatch(/### Listed with an incomplete record \(1\)\n[\s\S]*\| \\#2 \| Jane Doe \| the status comment \(the action's record\) was deleted/);
  });

  it('the terminal: sha256sum lines, then the totals', () => {
    const text = renderExportText(result);
    expect(text.split('\n').slice(0, 2)).toEqual([`${'a'.repeat(64)}  out/offboarding-export.csv`, `${'b'.repeat(64)}  out/offboarding-export.json`]);
    expect(text).toMatch(/4 security tasks: 1 on time, 1 late, 2 open \(2 overdue\), 0 N\/A; median time to revoke/);
    expect(text).toMatch(/1 offboarding listed with an incomplete record \(see the notes column\): #2\./);
  });
});

function baseTask(id: 'disable-email' | 'revoke-vpn') {
  return {
    id,
    title: id === 'disable-email' ? 'Disable email account' : 'Revoke VPN access',
    phase: 'immediate',
    owner: 'IT',
    ownerLogins: ['it-ivan'],
    escalateTo: [],
    security: true,
    due: '2026-12-04T22:59:00.000Z',
  };
}
