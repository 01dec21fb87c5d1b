/** What an export run gives back, and how people read it: the job summary, the terminal, the `export` output. */
import { md, table } from '../markdown/table.js';
import type { ExportFormat } from './options.js';
import type { ExportPeriod, OffboardingRow } from './rows.js';
import type { ExportTotals } from './totals.js';

export interface ExportFile {
  readonly format: ExportFormat;
  /** Where it was written (the directory given, joined with the file's name). */
  readonly path: string;
  /** SHA-256 of the file's bytes, lowercase hex. */
  readonly sha256: string;
  readonly bytes: number;
}

export interface ExportResult {
  readonly repository: string;
  readonly period: ExportPeriod;
  readonly generatedAt: string;
  readonly files: readonly ExportFile[];
  readonly totals: ExportTotals;
  readonly rows: readonly OffboardingRow[];
}

/** Late and overdue tasks named in the summary; the files have them all. */
const MAX_LISTED = 20;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function statesText(t: ExportTotals): string {
  const parts = [
    `${t.byState.completed} completed`,
    `${t.byState.open} open`,
    `${t.byState.cancelled} cancelled`,
    `${t.byState.closed} closed without completing`,
  ];
  return parts.join(', ');
}

function incomplete(rows: readonly OffboardingRow[]): OffboardingRow[] {
  return rows.filter((r) => r.record === 'from-report' || r.record === 'from-body' || r.record === 'from-title');
}

/** The `export` output: `{"csv":"<sha256>","json":"<sha256>"}` for the files written. */
export function exportOutput(result: ExportResult): string {
  return JSON.stringify(Object.fromEntries(result.files.map((f) => [f.format, f.sha256])));
}

/** The job summary: the period's totals, the files with their SHA-256, what needs a look. */
export function renderExportSummary(result: ExportResult): string {
  const t = result.totals;
  const out = [
    `## Offboarding audit export: ${result.period.since} to ${result.period.until}`,
    `${plural(t.departures, 'offboarding')} with a last day in the period (${statesText(t)}), in ${result.repository}, as of ${result.generatedAt}.`,
    table(
      [{ header: 'Security tasks' }, { header: 'Count', align: 'right' }],
      [
        ['In all', t.securityTasks],
        ['Done on time', t.onTime],
        ['Done late', t.late],
        ...(t.doneUntimed > 0 ? [['Done, time not recorded', t.doneUntimed] as const] : []),
        ['Not applicable', t.na],
        ['Open', t.open],
        ['… of them overdue', t.overdue],
        ...(t.notDone > 0 ? [['Not done, closed by hand', t.notDone] as const] : []),
        ...(t.cancelled > 0 ? [['Not done, cancelled', t.cancelled] as const] : []),
        ['Median time to revoke (intake to done)', t.medianTimeToRevoke ?? '—'],
      ],
    ),
    table(
      ['File', 'SHA-256', { header: 'Bytes', align: 'right' }],
      result.files.map((f) => [f.path, md(`\`${f.sha256}\``), f.bytes]),
    ),
  ];
  const late = result.rows.flatMap((r) => r.securityTasks.filter((s) => s.result === 'late' || s.result === 'overdue').map((s) => ({ r, s })));
  if (late.length > 0) {
    out.push(
      `### Late or overdue security tasks (${late.length})`,
      table(
        ['Issue', 'Employee', 'Task', 'Due', 'Result'],
        late.slice(0, MAX_LISTED).map(({ r, s }) => [`#${r.issue}`, r.employee.name, s.title, s.due, s.lateBy]),
      ),
      ...(late.length > MAX_LISTED ? [`… and ${late.length - MAX_LISTED} more in the files.`] : []),
    );
  }
  const gaps = incomplete(result.rows);
  if (gaps.length > 0) {
    out.push(
      `### Listed with an incomplete record (${gaps.length})`,
      'Their rows hold what is still known; the `notes` column says what is missing.',
      table(
        ['Issue', 'Employee', 'Note'],
        gaps.slice(0, MAX_LISTED).map((r) => [`#${r.issue}`, r.employee.name, r.notes[0] ?? '']),
      ),
    );
  }
  return `${out.join('\n\n')}\n`;
}

/** For a terminal: `sha256  path` lines (as `sha256sum -c` reads them), then the totals. */
export function renderExportText(result: ExportResult): string {
  const t = result.totals;
  const gaps = incomplete(result.rows);
  return [
    ...result.files.map((f) => `${f.sha256}  ${f.path}`),
    '',
    `${plural(t.departures, 'offboarding')} with a last day from ${result.period.since} to ${result.period.until}: ${statesText(t)}.`,
    `${plural(t.securityTasks, 'security task')}: ${t.onTime} on time, ${t.late} late, ${t.open} open (${t.overdue} overdue), ${t.na} N/A` +
      `${t.doneUntimed > 0 ? `, ${t.doneUntimed} done at a time not recorded` : ''}${t.notDone > 0 ? `, ${t.notDone} not done (closed)` : ''}` +
      `${t.cancelled > 0 ? `, ${t.cancelled} not done (cancelled)` : ''}; median time to revoke ${t.medianTimeToRevoke ?? 'not known'}.`,
    ...(gaps.length > 0 ? [`${plural(gaps.length, 'offboarding')} listed with an incomplete record (see the notes column): ${gaps.map((r) => `#${r.issue}`).join(', ')}.`] : []),
    '',
  ].join('\n');
}
