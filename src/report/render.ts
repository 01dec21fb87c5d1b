/**
 * The report as people read it: titles instead of ids, compact dates with the zone in the header,
 * logins that do not break, and as many comments as it takes to stay within GitHub's limit. The
 * same data follows as JSON for archiving (hidden and compressed when it is too long to show).
 */
import { hiddenData } from '../domain/codec.js';
import { MAX_COMMENT_LENGTH } from '../domain/limits.js';
import { reportMarker } from '../domain/markers.js';
import { formatCompact, formatDuration, formatInstant, zoneName } from '../domain/time.js';
import { inline } from '../markdown/neutralise.js';
import { packComments } from '../markdown/split.js';
import { facts, md, table, type Cell } from '../markdown/table.js';
import { ITEM_TITLES } from '../access/inventory.js';
import { noteText } from '../status/render.js';
import { progressText } from '../tracker/progress.js';
import type { FinalReport, ReportTask } from './build.js';

/** JSON that is safe inside a Markdown code fence and cannot carry a marker or a mention. */
export function reportJson(report: FinalReport): string {
  return JSON.stringify(report, null, 2).replace(/[<>@`]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The report's data, hidden, when the JSON is too long to show in a comment of its own. */
export const REPORT_DATA = hiddenData<FinalReport>('report-data', { type: 'object', required: ['version', 'issue', 'tasks'] }, 'the hidden report data');

/** A login in a table cell: a code span whose hyphens do not break the line. */
function login(value: string): Cell {
  return md(`\`${inline(value, 40).replace(/-/g, '\u2011')}\``);
}

function result(task: ReportTask): string {
  if (task.state === 'na') return 'N/A';
  if (task.state === 'open') return 'open';
  if (task.lateByMs === undefined) return 'done';
  return task.lateByMs <= 0 ? 'on time' : `late by ${formatDuration(task.lateByMs)}`;
}

function by(task: ReportTask): Cell {
  if (task.state === 'open') return '';
  if (task.how === 'automation' && task.automation) {
    const run = task.automation.run ? ` ([run](${task.automation.run}))` : '';
    return md(`🤖 \`${inline(task.automation.workflow, 60)}\`${run}${task.automation.tickedBy ? `, also ticked by ${(login(task.automation.tickedBy) as { md: string }).md}` : ''}`);
  }
  if (task.how === 'verified') return md('✅ the action (removal verified)');
  if (!task.doneBy) return md(task.evidence === 'observed' ? '_unknown (observed)_' : '_unknown_');
  const flags = [task.selfAttested ? '⚠️ self-attested' : '', task.tickedByNonOwner && !task.selfAttested ? '⚠️ not an owner' : ''].filter(Boolean);
  const who = login(task.doneBy) as { md: string };
  return md(`${who.md}${flags.length > 0 ? ` ${flags.join(' ')}` : ''}`);
}

function title(task: ReportTask): Cell {
  return md(`${task.security ? '🔒 ' : ''}${inline(task.title, 120)}${task.extra ? ' _(added)_' : ''}`);
}

/** The report's sections, in reading order. */
function sections(report: FinalReport): string[] {
  const zone = report.timezone;
  const at = (value: string | undefined): string => (value ? formatCompact(value, zone) : '');
  const zoneLabel = zoneName(report.closedAt, zone);
  const e = report.employee;
  const phaseTitle = new Map(report.phases.map((p) => [p.id, p.title]));
  const taskTitle = new Map(report.tasks.map((t) => [t.id, t.title]));
  const out: string[] = [];
  out.push(
    `## Offboarding report — ${inline(e.name, 120)}`,
    facts(
      [
        ['Employee', md(`${inline(e.name, 120)}${e.login ? ` (\`${inline(e.login, 40)}\`)` : ''}`)],
        ['Department', e.department],
        ['Manager', login(e.manager)],
        ['Departure', e.departureType],
        ['Last day', e.lastDay],
        ['Requested by', login(report.requester)],
        ['Opened', formatInstant(report.openedAt, zone)],
        ['Tracker created', formatInstant(report.intakeAt, zone)],
        ['Closed', formatInstant(report.closedAt, zone)],
        ['Result', progressText(report.progress)],
        ...(report.employeeCouldRead && e.login
          ? [['Leaver could read this tracker at completion', report.employeeCouldRead.could ? `yes (${report.employeeCouldRead.permission}, checked ${formatInstant(report.employeeCouldRead.at, zone)})` : `no (checked ${formatInstant(report.employeeCouldRead.at, zone)})`] as const]
          : []),
      ],
      ['Offboarding', 'Record'],
    ),
  );
  const security = report.tasks.filter((t) => t.security);
  out.push(
    '### Security tasks (access removal)',
    security.length === 0
      ? 'None.'
      : table(
          ['Task', 'Controls', 'Owner', `Due (${zoneLabel})`, `Done at (${zoneLabel})`, 'Done by', 'How', 'Time to revoke', 'Result'],
          security.map((t) => [
            title(t),
            t.controls.join(', '),
            t.owner,
            at(t.due),
            at(t.doneAt),
            by(t),
            t.how ?? '',
            t.timeToRevokeMs !== undefined ? formatDuration(t.timeToRevokeMs) : '',
            result(t),
          ]),
        ),
  );
  out.push(
    '### All tasks',
    table(
      ['Phase', 'Task', 'Controls', 'Owner', `Due (${zoneLabel})`, `Done at (${zoneLabel})`, 'Done by', 'Result'],
      report.tasks.map((t) => [phaseTitle.get(t.phase) ?? t.phase, title(t), t.controls.join(', '), t.owner, at(t.due), at(t.doneAt), by(t), result(t)]),
    ),
  );
  const na = report.tasks.filter((t) => t.state === 'na');
  if (na.length > 0) {
    out.push('### Not applicable', na.map((t) => `- ${inline(t.title, 120)}: ${t.naReason ? inline(t.naReason, 300) : '_no reason given_'}`).join('\n'));
  }
  out.push(
    '### Escalations sent',
    report.escalations.length === 0
      ? 'None.'
      : report.escalations
          .map((esc) => {
            const people = esc.notified.map((l) => `\`${inline(l, 40)}\``).join(', ') || '_not recorded_';
            const what = esc.reminder ? 'reminder before due' : `level ${esc.step ?? esc.level + 1}`;
            return `- ${formatInstant(esc.at, zone)} — ${inline(taskTitle.get(esc.task) ?? esc.task, 120)}, ${what} → ${people}`;
          })
          .join('\n'),
  );
  if (report.access) {
    const a = report.access;
    const confirmed = a.confirmedBy ? ` Confirmed by \`${inline(a.confirmedBy, 40)}\` at ${formatInstant(a.confirmedAt ?? '', zone)}.` : '';
    out.push(
      `### GitHub access (${inline(a.org, 40)})`,
      `Account \`${inline(a.login, 40)}\`.${confirmed}${a.verifiedAt ? ` Verified at ${formatInstant(a.verifiedAt, zone)}: nothing left.` : ' Not verified.'}`,
      table(
        ['Item', 'Held at intake', 'Removed by', `Removed at (${zoneLabel})`, `Verified at (${zoneLabel})`],
        a.items.map((i) => [ITEM_TITLES[i.kind], i.heldAtIntake, i.removedBy, at(i.removedAt), at(i.verifiedAt)]),
      ),
    );
  }
  if (report.commands.length > 0) {
    out.push(
      '### Commands given',
      report.commands.map((c) => `- ${formatInstant(c.at, zone)} — \`${inline(c.by, 40)}\`: “${inline(c.text, 200)}” — ${inline(c.outcome, 300)}`).join('\n'),
    );
  }
  const history = report.history.map((change) => {
    const who = change.by ? `\`${inline(change.by, 40)}\`` : '_unknown_';
    const how = { event: 'edit event', 'edit-history': 'edit history', observed: 'observed by a sweep', command: 'command' }[change.source];
    const what = change.state === 'done' ? 'ticked' : change.state === 'na' ? 'marked N/A' : 'unticked';
    return `- ${formatInstant(change.at, zone)} — ${inline(taskTitle.get(change.task) ?? change.task, 120)} ${what} by ${who} (${how})`;
  });
  out.push(`<details><summary>Every recorded change (${history.length})</summary>\n\n${history.length > 0 ? history.join('\n') : 'No changes recorded.'}\n\n</details>`);
  if (report.notes.length > 0) out.push('### Notes on this record', report.notes.map((n) => `- ${noteText(n, zone, 500)}`).join('\n'));
  return out;
}

/**
 * The report comments: one, or as many as it takes, each marked with the completion key and its
 * part. The JSON follows in a comment of its own; when it is too long to show, compressed and hidden.
 */
export function renderReport(report: FinalReport, completionKey: string): string[] {
  const json = reportJson(report);
  const shown = `<details><summary>Report as JSON (for archiving)</summary>\n\n\`\`\`json\n${json}\n\`\`\`\n\n</details>`;
  const jsonSection =
    shown.length < MAX_COMMENT_LENGTH - 200
      ? shown
      : `The report as JSON is too long to show here: it is kept compressed in this comment (and in the run's \`report\` output).\n${REPORT_DATA.encode(report)}`;
  return packComments([...sections(report), jsonSection], MAX_COMMENT_LENGTH, (part, parts) =>
    `${reportMarker(completionKey, part, parts)}${parts > 1 ? `\n<sub>Report part ${part} of ${parts}.</sub>` : ''}`,
  );
}
