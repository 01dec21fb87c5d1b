import { STATUS_MARKER } from '../domain/markers.js';
import type { Plan } from '../domain/types.js';
import { inline } from '../markdown/neutralise.js';
import type { Progress, TaskStatus } from '../tracker/progress.js';
import { formatInstant } from '../domain/time.js';
import type { Ledger } from '../ledger/ledger.js';
import { encodeLedger } from '../ledger/ledger.js';

export interface StatusContext {
  readonly plan: Plan;
  readonly progress: Progress;
  readonly ledger: Ledger;
  /** Problems a person should fix in the tracker (mangled body and the like). */
  readonly problems?: readonly string[];
  readonly closed?: boolean;
}

/** The task's title as it may appear in a comment (asset and person-added titles are typed text). */
export function taskTitle(task: TaskStatus): string {
  return inline(task.title, 200);
}

/** Owners by name without `@`: the status comment informs, escalation comments notify. */
function owners(task: TaskStatus): string {
  return task.ownerLogins.length > 0 ? task.ownerLogins.map((login) => `\`${login}\``).join(' ') : '_no owner_';
}

/**
 * The status comment: progress, per-phase counts, overdue tasks with owners, the next deadline,
 * and the hidden ledger. Holds no relative times, so it only changes when the facts change.
 */
export function renderStatus(context: StatusContext): string {
  const { plan, progress, ledger } = context;
  const zone = plan.timezone;
  const lines: string[] = [STATUS_MARKER];
  const headline = progress.complete
    ? `### ✅ Offboarding complete — ${progress.done}/${progress.total} done (${progress.percent}%)`
    : `### Offboarding status — ${progress.done}/${progress.total} done (${progress.percent}%)`;
  lines.push(headline, '');
  const duplicates = ledger.duplicates ?? [];
  if (duplicates.length > 0) {
    lines.push(
      `> [!WARNING]`,
      `> Possible duplicate: ${duplicates.map((n) => `#${n}`).join(', ')} ${duplicates.length === 1 ? 'is' : 'are'} also an open offboarding for this person (same login, else same name).`,
      '',
    );
  }
  lines.push('| Phase | Due | Done | Open | N/A | Overdue |', '|---|---|---:|---:|---:|---:|');
  for (const phase of progress.phases) {
    const current = phase.id === progress.currentPhase ? ' ◀' : '';
    lines.push(
      `| ${inline(phase.title, 80)}${current} | ${formatInstant(phase.due, zone)} | ${phase.done} | ${phase.open} | ${phase.na} | ${phase.overdue > 0 ? `**${phase.overdue}**` : '0'} |`,
    );
  }
  lines.push('');
  if (progress.overdue.length > 0) {
    lines.push('**Overdue**', '');
    const overdue = [...progress.overdue].sort(
      (a, b) => Number(b.security) - Number(a.security) || a.due.getTime() - b.due.getTime(),
    );
    for (const task of overdue) {
      lines.push(`- ${task.security ? '🔒 ' : ''}${taskTitle(task)} — ${owners(task)} — was due ${formatInstant(task.due, zone)}`);
    }
    lines.push('');
  }
  if (progress.nextDeadline) {
    const next = progress.nextDeadline;
    lines.push(`**Next deadline:** ${taskTitle(next)} — ${owners(next)} — ${formatInstant(next.due, zone)}`, '');
  }
  const flagged = progress.tasks.filter((t) => t.tickedByNonOwner && t.security);
  if (flagged.length > 0) {
    lines.push('**Needs an owner’s confirmation**', '');
    for (const task of flagged) {
      const hold = task.awaitingOwner ? ' (held open until an owner ticks it)' : '';
      lines.push(`- 🔒 ${taskTitle(task)} was ticked by ${inline(task.tickedByNonOwner ?? '', 40)}, who is not among its owners ${owners(task)}${hold}`);
    }
    lines.push('');
  }
  const missing = progress.tasks.filter((t) => t.missing);
  const problems = [
    ...(context.problems ?? []),
    ...missing.map((t) => `The line of task “${taskTitle(t)}” is gone from the issue body; it counts as open. Restore it from the issue’s edit history.`),
    ...progress.duplicated.map((id) => `Task \`${id}\` appears more than once in the body; the first line counts.`),
  ];
  if (problems.length > 0) {
    lines.push('**Needs attention**', '', ...problems.map((p) => `- ${p}`), '');
  }
  if (plan.unconfiguredOwners.length > 0) {
    lines.push(
      `<sub>Owners without logins in the checklist: ${plan.unconfiguredOwners.join(', ')} — their tasks went to the requester. Set \`owners.<key>.logins\` in \`.github/offboarding.yml\`.</sub>`,
      '',
    );
  }
  if (ledger.reopened && !context.closed) {
    lines.push(`<sub>Reopened at ${formatInstant(ledger.reopened.at, zone)}; tracked again.</sub>`, '');
  }
  lines.push(`<sub>Times in ${zone}. This comment is kept up to date by the offboarding action; edits to it are overwritten.</sub>`);
  lines.push(encodeLedger(ledger));
  return lines.join('\n');
}
