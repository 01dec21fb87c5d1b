/**
 * What the export knows about one tracker: its plan, the action's record (ledger) if it can still
 * be believed, or the final report the action posted, or only the title — never nothing, because
 * an auditor tests the completeness of the population.
 */
import { STATUS_MARKER, TRACKER_MARKER, reportKey } from '../domain/markers.js';
import type { LabelSet } from '../domain/labels.js';
import type { Plan, TrackerSnapshot } from '../domain/types.js';
import { decodeLedger, type Ledger } from '../ledger/ledger.js';
import type { FinalReport } from '../report/build.js';
import { REPORT_DATA } from '../report/render.js';
import { planFor, isTracker } from '../tracker/identify.js';
import { parseTracker } from '../tracker/parse.js';
import type { TrackerBody } from '../domain/types.js';
import type { StatusRestore } from '../update/steps.js';

/**
 * Where a row's facts come from: `ok` the action's record; `restored` its own last revision of a
 * status comment a person edited; `from-report` the final report (the record is gone);
 * `from-body` the body's plan and checkboxes (the record is gone, and with it who did what when);
 * `from-title` only the issue title (the plan is gone too).
 */
export type RecordSource = 'ok' | 'restored' | 'from-report' | 'from-body' | 'from-title';

/** One tracker as the export reads it. */
export interface TrackerRecord {
  readonly snapshot: TrackerSnapshot;
  readonly source: RecordSource;
  readonly plan?: Plan;
  readonly body: TrackerBody;
  /** The action's record, when it could be read and believed. */
  readonly ledger?: Ledger;
  /** The action's final report, used when the record is gone and the tracker is closed. */
  readonly report?: FinalReport;
  /** What an auditor must know about how this row was put together. */
  readonly notes: readonly string[];
}

/** `Offboarding: <name> — last day <YYYY-MM-DD>`, as `trackerTitle` writes it. */
const TITLE = /^Offboarding: (.+) — last day (\d{4}-\d{2}-\d{2})$/u;

/** The employee's name and last day as the tracker's title gives them (the action wrote it at intake). */
export function titleFacts(title: string): { name?: string; lastDay?: string } {
  const match = TITLE.exec(title.trim());
  return match ? { name: match[1], lastDay: match[2] } : {};
}

function has(snapshot: TrackerSnapshot, label: string): boolean {
  return snapshot.labels.some((l) => l.toLowerCase() === label.toLowerCase());
}

/**
 * The issues the export lists: every tracker (`isTracker`), and an issue that carries the family
 * label, the tracker marker in its body and a title only the action writes, though the plan and
 * every comment of the action are gone — listed from its title, with a note, never dropped.
 */
export function exportedIssues(snapshots: readonly TrackerSnapshot[], labels: LabelSet): TrackerSnapshot[] {
  return snapshots.filter(
    (s) => isTracker(s) || (has(s, labels.base) && !has(s, labels.unauthorized) && s.body.includes(TRACKER_MARKER) && titleFacts(s.title).lastDay !== undefined),
  );
}

function isFinalReport(value: unknown, issue: number): value is FinalReport {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Record<keyof FinalReport, unknown>>;
  return v.version === 1 && v.issue === issue && Array.isArray(v.tasks) && typeof v.employee === 'object' && v.employee !== null;
}

/** The newest final report the action posted and nobody edited since (shown as JSON, or hidden when long). */
export function postedReport(snapshot: TrackerSnapshot): FinalReport | undefined {
  const reports = snapshot.comments.filter((c) => reportKey(c.body) !== undefined && c.editor === undefined).sort((a, b) => b.id - a.id);
  for (const comment of reports) {
    const hidden = REPORT_DATA.read(comment.body);
    if (hidden.status === 'ok' && isFinalReport(hidden.value, snapshot.number)) return hidden.value;
    const shown = /```json\n([\s\S]*?)\n```/.exec(comment.body)?.[1];
    if (shown === undefined) continue;
    try {
      const value: unknown = JSON.parse(shown);
      if (isFinalReport(value, snapshot.number)) return value;
    } catch {
      // A report part without its JSON, or a cut one: the next comment may hold it.
    }
  }
  return undefined;
}

const PLAN_GONE =
  "the hidden plan is gone from the issue body and the action's record: listed from the issue's title only; restore the body from the issue's edit history";

const UNRECOGNISED =
  "no longer recognisable as a tracker (no plan for this issue, no comment of the action): listed because it carries the tracker marker and a title only the action writes; check it";

/** Why the record cannot be used, in words for the notes column. */
function lostRecord(snapshot: TrackerSnapshot, restore: StatusRestore | undefined, damage: string | undefined): string {
  if (restore) return `the status comment was edited by ${restore.editedBy} at ${restore.editedAt} and no revision the action wrote remains`;
  const status = snapshot.comments.find((c) => c.body.includes(STATUS_MARKER));
  if (!status) return 'the status comment (the action\'s record) was deleted';
  return damage ? `the status comment's hidden record is damaged (${damage})` : "the status comment's hidden record was removed";
}

/**
 * Reads one tracker: the plan from the body (else the record's copy), the record from the status
 * comment (from the action's own last revision when a person edited it), the final report when the
 * record is gone.
 */
export function readRecord(snapshot: TrackerSnapshot, restore?: StatusRestore): TrackerRecord {
  const body = parseTracker(snapshot.body);
  if (!isTracker(snapshot)) return { snapshot, source: 'from-title', body, notes: [UNRECOGNISED] };
  const status = snapshot.comments.find((c) => c.body.includes(STATUS_MARKER));
  const text = restore ? restore.body : status?.body;
  const read = text !== undefined ? decodeLedger(text) : ({ status: 'missing' } as const);
  const ledger = read.status === 'ok' ? read.ledger : undefined;
  const plan = planFor(body.plan, snapshot.number) ?? ledger?.plan;
  if (ledger) {
    const edited = restore ? [`the status comment was edited by ${restore.editedBy} at ${restore.editedAt}; the action's own last revision of it was used`] : [];
    if (!plan) return { snapshot, source: 'from-title', body, ledger, notes: [...edited, PLAN_GONE, ...ledger.notes] };
    return { snapshot, source: restore ? 'restored' : 'ok', plan, body, ledger, notes: [...edited, ...ledger.notes] };
  }
  const why = lostRecord(snapshot, restore, read.status === 'damaged' ? read.reason : undefined);
  const report = snapshot.state === 'closed' ? postedReport(snapshot) : undefined;
  if (report) {
    return { snapshot, source: 'from-report', plan, body, report, notes: [`${why}: the evidence comes from the action's final report of ${report.closedAt}`] };
  }
  if (plan) {
    return { snapshot, source: 'from-body', plan, body, notes: [`${why}: tasks and deadlines come from the tracker body; who did what and when is not known`] };
  }
  return { snapshot, source: 'from-title', body, notes: [`${why}; ${PLAN_GONE}`] };
}
