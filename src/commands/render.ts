/** What the action answers to a command: replies, the help, the closing comment of a cancellation. */
import { replyMarker } from '../domain/markers.js';
import { formatInstant } from '../domain/time.js';
import type { Plan } from '../domain/types.js';
import { inline } from '../markdown/neutralise.js';
import type { Moved } from '../plan/change.js';
import type { TaskStatus } from '../tracker/progress.js';
import { DESCRIPTIONS, USAGE } from './parse.js';

/** The help: every command with an example, and who may use them. */
export function helpText(): string {
  return [
    '**Offboarding commands** — write one as the first line of a comment on this tracker:',
    '',
    ...(Object.keys(USAGE) as Array<keyof typeof USAGE>).map((k) => `- \`${USAGE[k]}\` — ${DESCRIPTIONS[k]}`),
    '',
    'People with write access to this repository and the requesters named in the checklist may use them; the departing employee may not.',
  ].join('\n');
}

export function reply(commentId: number, text: string): string {
  return `${replyMarker(commentId)}\n${text}`;
}

export function refusal(commentId: number, problem: string, usage: string): string {
  return reply(commentId, [`This command was not carried out: ${problem}.`, '', 'Write it like this:', '', '```', usage, '```'].join('\n'));
}

export function rescheduled(commentId: number, plan: Plan, from: string, moved: readonly Moved[], by: string): string {
  const zone = plan.timezone;
  const lines = [`📅 Rescheduled by \`${inline(by, 40)}\`: the last day is now **${plan.request.lastDay}** (was ${from}).`, ''];
  if (moved.length === 0) lines.push('No open task moved: the security tasks of an involuntary departure stay due at intake plus the grace period, and done tasks keep their dates.');
  else {
    lines.push(`${moved.length} open task${moved.length === 1 ? '' : 's'} moved:`, '');
    for (const m of moved.slice(0, 60)) lines.push(`- ${inline(m.title, 120)}: ${formatInstant(m.from, zone)} → ${formatInstant(m.to, zone)}`);
    if (moved.length > 60) lines.push(`- … and ${moved.length - 60} more`);
  }
  lines.push('', 'Escalations already sent stay in the record; a task that is no longer overdue stops escalating.');
  return reply(commentId, lines.join('\n'));
}

/** The closing comment: why, who, and the access already removed that someone must now restore. */
export function cancelled(commentId: number, plan: Plan, reason: string, by: string, at: string, done: readonly TaskStatus[]): string {
  const lines = [
    `🚫 **This offboarding was called off** by \`${inline(by, 40)}\` on ${formatInstant(at, plan.timezone)}.`,
    '',
    `Reason: ${inline(reason, 500)}`,
    '',
  ];
  if (done.length === 0) lines.push('No task had been done yet: nothing needs restoring.');
  else {
    lines.push('These tasks were already done — restore what they took away:', '');
    for (const t of done) lines.push(`- ${t.security ? '🔒 ' : ''}${inline(t.title, 120)}`);
  }
  lines.push('', 'The tracker is closed as not planned. Reopen it if the offboarding goes ahead after all: it is then tracked again.');
  return reply(commentId, lines.join('\n'));
}
