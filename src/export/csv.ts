/**
 * The export as CSV that a spreadsheet opens as is: RFC 4180 quoting by csv-stringify (CRLF, a
 * UTF-8 byte order mark so names keep their accents in Excel), one row per security task with its
 * offboarding's columns repeated, one row for an offboarding without security tasks. Text that a
 * spreadsheet would run as a formula is neutralised.
 */
import { stringify } from 'csv-stringify/sync';
import type { OffboardingRow, SecurityTaskRow } from './rows.js';

/** The columns, in order: the CSV's header row. */
export const CSV_COLUMNS = [
  'issue',
  'employee_name',
  'employee_login',
  'department',
  'manager',
  'departure_type',
  'last_day',
  'state',
  'intake_at',
  'ended_at',
  'cancel_reason',
  'record',
  'task_id',
  'task_title',
  'controls',
  'task_state',
  'due',
  'done_at',
  'done_by',
  'how',
  'evidence',
  'result',
  'late_by_ms',
  'late_by',
  'time_to_revoke_ms',
  'na_reason',
  'notes',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** A cell: text (neutralised), a number the export computed (kept a number), or empty. */
export type CsvValue = string | number | null;

/** What makes a spreadsheet read a cell as a formula (`=`, `+`, `-`, `@`) or shift it (tab, CR). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text that starts like a formula gets a leading apostrophe, which spreadsheets show as text. Only
 * numbers the export computed itself (milliseconds, issue numbers) stay numbers: a negative number
 * is no formula, and an apostrophe would stop a spreadsheet from summing the column.
 */
export function csvCell(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function taskCells(task: SecurityTaskRow | undefined): Partial<Record<CsvColumn, CsvValue>> {
  if (!task) return {};
  return {
    task_id: task.id,
    task_title: task.title,
    controls: task.controls.join(', '),
    task_state: task.state,
    due: task.due,
    done_at: task.doneAt,
    done_by: task.doneBy,
    how: task.how,
    evidence: task.evidence,
    result: task.result,
    late_by_ms: task.lateByMs,
    late_by: task.lateBy,
    time_to_revoke_ms: task.timeToRevokeMs,
    na_reason: task.naReason,
  };
}

/** The CSV records of one offboarding, as column → value. */
export function csvRecords(row: OffboardingRow): Array<Record<CsvColumn, CsvValue>> {
  const offboarding: Partial<Record<CsvColumn, CsvValue>> = {
    issue: row.issue,
    employee_name: row.employee.name,
    employee_login: row.employee.login,
    department: row.employee.department,
    manager: row.employee.manager,
    departure_type: row.departureType,
    last_day: row.lastDay,
    state: row.state,
    intake_at: row.intakeAt,
    ended_at: row.endedAt,
    cancel_reason: row.cancelled?.reason ?? null,
    record: row.record,
    notes: row.notes.join('\n'),
  };
  const tasks = row.securityTasks.length > 0 ? row.securityTasks : [undefined];
  return tasks.map((task) => {
    const cells = { ...offboarding, ...taskCells(task) };
    return Object.fromEntries(CSV_COLUMNS.map((c) => [c, cells[c] ?? null])) as Record<CsvColumn, CsvValue>;
  });
}

/** The whole CSV file: header, then every offboarding's records in order. */
export function renderCsv(rows: readonly OffboardingRow[]): string {
  const records = rows.flatMap(csvRecords).map((record) => CSV_COLUMNS.map((c) => csvCell(record[c])));
  return stringify([[...CSV_COLUMNS], ...records], { bom: true, record_delimiter: 'windows' });
}
