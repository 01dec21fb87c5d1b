/**
 * The status comment: what to fix first, progress, per-phase counts, overdue tasks with owners, the
 * next deadline, and the hidden ledger. Holds no relative times, so it only changes when the facts
 * change; always fits in one comment, whatever the tracker holds.
 */
import { MAX_COMMENT_LENGTH } from '../domain/limits.js';
import { STATUS_MARKER } from '../domain/markers.js';
import { formatCompact, formatInstant, zoneName } from '../domain/time.js';
import type { Plan } from '../domain/types.js';
import type { Ledger } from '../ledger/ledger.js';
import { encodeLedger } from '../ledger/ledger.js';
import { inline } from '../markdown/neutralise.js';
import { md, table } from '../markdown/table.js';
import { progressText, type Progress, type TaskStatus } from '../tracker/progress.js';

export interface StatusContext {
  readonly plan: Plan;
  readonly progress: Progress;
  readonly ledger: Ledger;
  /** Problems a person should fix in the tracker (mangled body and the like). */
  readonly problems?: readonly string[];
  /** Things to fix first, most urgent first (e.g. the leaver can still read this tracker). */
  readonly urgent?: readonly string[];
  /** Further sections (Markdown lines) the tracker's automations contribute. */
  readonly sections?: readonly (readonly string[])[];
  readonly closed?: boolean;
  /** Called off by a command (and not reopened since). */
  readonly cancelled?: boolean;
}

/** The task's title as it may appear in a comment (asset and person-added titles are typed text). */
export function taskTitle(task: TaskStatus, max = 120): string {
  return inline(task.title, max);
}

/** Owners by name without `@`: the status comment informs, escalation comments notify. */
export function ownerNames(logins: readonly string[]): string {
  return logins.length > 0 ? logins.map((login) => `\`${login}\``).join(' ') : '_no owner_';
}

/** A ledger note as people read it: its leading instant in the tracker's zone. */
export function noteText(note: string, zone: string, max = 300): string {
  const match = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z): ([\s\S]*)$/.exec(note);
  return match ? `${formatInstant(match[1] ?? '', zone)}: ${inline(match[2] ?? '', max)}` : inline(note, max);
}

/** A list of at most `max` lines, then how many more there are. */
function capped(lines: readonly string[], max: number): string[] {
  return lines.length <= max ? [...lines] : [...lines.slice(0, max), `- … and ${lines.length - max} more`];
}

function render(context: StatusContext, listMax: number, ledger: Ledger): string {
  const { plan, progress } = context;
  const zone = plan.timezone;
  const lines: string[] = [STATUS_MARKER];
  const cancelled = context.cancelled ? ledger.cancelled : undefined;
  const headline = cancelled
    ? `### 🚫 Offboarding cancelled — ${progressText(progress)} before it was called off`
    : progress.complete
      ? `### ✅ Offboarding complete — ${progressText(progress)} (${progress.percent}%)`
      : `### Offboarding status — ${progressText(progress)} (${progress.percent}%)`;
  lines.push(headline, '');
  if (cancelled) {
    lines.push(`Called off by \`${inline(cancelled.by, 40)}\` on ${formatInstant(cancelled.at, zone)}: ${inline(cancelled.reason, 300)}`, '');
  }
  const urgent = context.urgent ?? [];
  if (urgent.length > 0) lines.push('> [!CAUTION]', ...urgent.map((u) => `> ${u}`), '');
  const duplicates = ledger.duplicates ?? [];
  if (duplicates.length > 0) {
    lines.push(
      `> [!WARNING]`,
      `> Possible duplicate: ${duplicates.map((n) => `#${n}`).join(', ')} ${duplicates.length === 1 ? 'is' : 'are'} also an open offboarding for this person (same login, else same name).`,
      '',
    );
  }
  const zoneLabel = zoneName(progress.phases[0]?.due ?? plan.intakeAt, zone);
  lines.push(
    table(
      ['Phase', `Due (${zoneLabel})`, { header: 'Done', align: 'right' }, { header: 'Open', align: 'right' }, { header: 'N/A', align: 'right' }, { header: 'Overdue', align: 'right' }],
      progress.phases.map((phase) => [
        md(`${inline(phase.title, 80)}${phase.id === progress.currentPhase ? ' ◀' : ''}`),
        formatCompact(phase.due, zone),
        phase.done,
        phase.open,
        phase.na,
        phase.overdue > 0 ? md(`**${phase.overdue}**`) : 0,
      ]),
    ),
    '',
  );
  if (progress.overdue.length > 0 && !cancelled) {
    const overdue = [...progress.overdue].sort((a, b) => Number(b.security) - Number(a.security) || a.due.getTime() - b.due.getTime());
    lines.push(
      '**Overdue**',
      '',
      ...capped(
        overdue.map((t) => `- ${t.security ? '🔒 ' : ''}${taskTitle(t)} — ${ownerNames(t.ownerLogins)} — was due ${formatInstant(t.due, zone)}`),
        listMax,
      ),
      '',
    );
  }
  if (progress.nextDeadline && !cancelled) {
    const next = progress.nextDeadline;
    lines.push(`**Next deadline:** ${taskTitle(next)} — ${ownerNames(next.ownerLogins)} — ${formatInstant(next.due, zone)}`, '');
  }
  const confirm = [
    ...progress.tasks
      .filter((t) => t.selfAttested && t.state !== 'na')
      .map((t) =>
        t.security
          ? `- 🔒 ${taskTitle(t)} was ticked by the departing employee themself (self-attested): it stays open until someone else unticks and ticks it`
          : `- ${taskTitle(t)} was ticked by the departing employee themself (self-attested)`,
      ),
    ...progress.tasks
      .filter((t) => t.tickedByNonOwner && t.security && !t.selfAttested)
      .map(
        (t) =>
          `- 🔒 ${taskTitle(t)} was ticked by ${inline(t.tickedByNonOwner ?? '', 40)}, who is not among its owners ${ownerNames(t.ownerLogins)}${t.awaitingOwner ? ' (held open until an owner ticks it)' : ''}`,
      ),
  ];
  if (confirm.length > 0) lines.push('**Needs confirmation**', '', ...capped(confirm, listMax), '');
  for (const section of context.sections ?? []) if (section.length > 0) lines.push(...section, '');
  const problems = [
    ...(context.problems ?? []),
    ...progress.tasks
      .filter((t) => t.missing)
      .map((t) => `The line of task “${taskTitle(t)}” is gone from the issue body; it counts as open. Restore it from the issue’s edit history.`),
    ...progress.duplicated.map((id) => `Task \`${id}\` appears more than once in the body; the first line counts.`),
  ];
  if (problems.length > 0) lines.push('**Needs attention**', '', ...capped(problems.map((p) => `- ${p}`), listMax), '');
  // Who edited the record, when it was rebuilt: people see it here, not only in the report.
  if (ledger.notes.length > 0) lines.push('**Notes on this record**', '', ...capped(ledger.notes.map((n) => `- ${noteText(n, zone)}`), 5), '');
  if (plan.unconfiguredOwners.length > 0) {
    lines.push(
      `<sub>Owners without logins in the checklist: ${plan.unconfiguredOwners.join(', ')} — their tasks went to the requester. Set \`owners.<key>.logins\` in \`.github/offboarding.yml\`.</sub>`,
      '',
    );
  }
  if (ledger.reopened && !context.closed) lines.push(`<sub>Reopened at ${formatInstant(ledger.reopened.at, zone)}; tracked again.</sub>`, '');
  lines.push(`<sub>Times in ${zone}. This comment is kept up to date by the offboarding action; edits to it are undone and recorded.</sub>`);
  lines.push(encodeLedger(ledger));
  return lines.join('\n');
}

/**
 * Renders the status comment within GitHub's comment limit: long lists are cut to fewer lines, and
 * as a last resort the ledger's copy of the plan (the tracker body holds the plan too) is dropped.
 */
export function renderStatus(context: StatusContext): string {
  for (const listMax of [50, 20, 5]) {
    const text = render(context, listMax, context.ledger);
    if (text.length <= MAX_COMMENT_LENGTH) return text;
  }
  const { plan: _plan, ...withoutPlan } = context.ledger;
  return render(context, 5, { ...withoutPlan, notes: [...context.ledger.notes] });
}
