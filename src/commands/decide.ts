/**
 * A command in a comment on a tracker: who may give it, what it changes, how it is answered. The
 * command's effect on the record and the tracker goes through the tracker decision, so labels,
 * assignees, escalations and the status comment follow at once. Carried out once: a comment the
 * ledger (or a reply) already answers changes nothing.
 */
import type { LabelSet } from '../domain/labels.js';
import { sameLogin } from '../domain/login.js';
import { repliedTo } from '../domain/markers.js';
import { addCalendarDays, daysBetween, localDate } from '../domain/time.js';
import type { Plan, PlanChange, TrackerSnapshot } from '../domain/types.js';
import type { Write } from '../domain/writes.js';
import type { Leavers } from '../escalation/escalation.js';
import type { BodyRevision } from '../ledger/attribution.js';
import type { CommandRecord, Ledger } from '../ledger/ledger.js';
import { applyChange } from '../plan/change.js';
import { computeProgress } from '../tracker/progress.js';
import { trackerTitle } from '../tracker/render.js';
import { rewriteBody } from '../tracker/rewrite.js';
import { decideTracker, type TrackerDecision } from '../update/decide.js';
import { begin, type StatusRestore } from '../update/steps.js';
import type { Command, Parsed } from './parse.js';
import { cancelled, helpText, refusal, reply, rescheduled } from './render.js';

export interface CommandComment {
  readonly id: number;
  readonly author: string;
  readonly at: string;
}

export interface CommandInput {
  readonly snapshot: TrackerSnapshot;
  readonly comment: CommandComment;
  readonly parsed: Parsed;
  /** Write permission or a listed requester, and not the departing employee (the shell checks). */
  readonly authorised: boolean;
  /** For `owner`: which of the named logins GitHub can assign (lower case). */
  readonly assignable?: ReadonlyMap<string, boolean>;
  readonly now: Date;
  readonly labels: LabelSet;
  readonly leavers?: Leavers;
  readonly statusRestore?: StatusRestore;
  readonly history?: readonly BodyRevision[];
}

export type CommandDecision =
  | { readonly kind: 'ignored'; readonly why: string }
  | { readonly kind: 'needs-history' }
  | { readonly kind: 'decided'; readonly outcome: string; readonly writes: readonly Write[]; readonly plan?: Plan };

/** How far a new last day may lie from today, as for the form. */
const PLAUSIBLE_DAYS = 365;

export function decideCommand(input: CommandInput): CommandDecision {
  const { snapshot, comment, parsed, now } = input;
  const started = begin({ snapshot, now, labels: input.labels, statusRestore: input.statusRestore });
  if (started.kind === 'broken') return { kind: 'ignored', why: started.reason };
  if (started.kind === 'closed') return { kind: 'ignored', why: `#${snapshot.number} is closed` };
  const { plan, body, ledger } = started.state;
  if ((ledger.commands ?? []).some((c) => c.comment === comment.id) || snapshot.comments.some((c) => repliedTo(c.body) === comment.id)) {
    return { kind: 'decided', outcome: 'already carried out', writes: [] };
  }
  const react = (content: '+1' | 'confused'): Write => ({ kind: 'add-reaction', issue: snapshot.number, commentId: comment.id, content });
  if (!input.authorised) return { kind: 'decided', outcome: `refused: ${comment.author} may not give commands`, writes: [react('confused')] };

  const record = (outcome: string, done: boolean) => (l: Ledger): Ledger => ({
    ...l,
    commands: [...(l.commands ?? []), { comment: comment.id, by: comment.author, at: comment.at, text: parsed.text, outcome, done } satisfies CommandRecord],
  });
  /** The tracker decision with the command applied: its record, and the body as the change leaves it. */
  const track = (amend: (l: Ledger) => Ledger, newBody?: string): TrackerDecision =>
    decideTracker({
      snapshot: newBody === undefined ? snapshot : { ...snapshot, body: newBody },
      now,
      labels: input.labels,
      leavers: input.leavers,
      statusRestore: input.statusRestore,
      history: input.history,
      amend,
    });
  const finish = (outcome: string, first: readonly Write[], decision: TrackerDecision, plan?: Plan): CommandDecision => {
    if (decision.kind === 'needs-history') return { kind: 'needs-history' };
    if (decision.kind === 'broken') return { kind: 'ignored', why: decision.reason };
    // Dispatches are the sweep's (and a tick's run's) to make, where their outcome is recorded.
    const rest = decision.writes.filter((w) => w.kind !== 'dispatch-workflow' && w.kind !== 'remove-org-access');
    return { kind: 'decided', outcome, writes: [...first, ...rest], plan: plan ?? decision.plan };
  };
  const refuse = (problem: string, usage: string): CommandDecision =>
    finish(`refused: ${problem}`, [{ kind: 'create-comment', issue: snapshot.number, purpose: 'reply', body: refusal(comment.id, problem, usage) }], track(record(`refused: ${problem}`, false)));

  if (parsed.kind === 'invalid') return refuse(parsed.problem, parsed.usage);
  const command: Command = parsed.command;
  const progress = computeProgress(plan, body, ledger, now);
  const taskIds = plan.tasks.map((t) => t.id);
  const unknownTask = (task: string): CommandDecision =>
    refuse(`there is no task \`${task.slice(0, 60)}\` in this tracker (its tasks: ${taskIds.slice(0, 40).join(', ')}${taskIds.length > 40 ? ', …' : ''})`, `/offboarding ${command.kind} ${taskIds[0] ?? 'TASK-ID'} …`);

  switch (command.kind) {
    case 'help':
      return finish('help given', [react('+1'), { kind: 'create-comment', issue: snapshot.number, purpose: 'reply', body: reply(comment.id, helpText()) }], track(record('help given', true)));

    case 'na': {
      const task = progress.tasks.find((t) => t.key === command.task && !t.extra);
      if (!task) return unknownTask(command.task);
      const item = body.items.find((i) => i.id === command.task);
      const outcome = `marked ${command.task} not applicable: ${command.reason}`;
      return finish(outcome, [react('+1')], track((l) => ({
        ...record(outcome, true)(l),
        overrides: { ...(l.overrides ?? {}), [command.task]: { state: 'na', reason: command.reason, by: comment.author, at: comment.at, checked: item?.checked ?? false } },
        ticks: [...l.ticks, { task: command.task, state: 'na', at: comment.at, by: comment.author, source: 'command', reason: command.reason }],
      })));
    }

    case 'owner': {
      if (!taskIds.includes(command.task)) return unknownTask(command.task);
      const employee = command.logins.find((l) => sameLogin(l, plan.request.employeeLogin));
      if (employee) return refuse(`\`${employee}\` is the departing employee, who cannot own their own offboarding tasks`, `/offboarding owner ${command.task} @someone-else`);
      const unassignable = command.logins.filter((l) => input.assignable?.get(l.toLowerCase()) === false);
      if (unassignable.length > 0) {
        return refuse(`${unassignable.map((l) => `\`${l}\``).join(', ')} cannot be assigned in this repository (give them access, or name someone who has it)`, `/offboarding owner ${command.task} @it-irene`);
      }
      const change: PlanChange = { kind: 'owners', task: command.task, logins: command.logins };
      const next = applyChange(plan, change, new Set()).plan;
      const outcome = `owners of ${command.task} set to ${command.logins.join(', ')}`;
      return finish(outcome, [react('+1'), { kind: 'rewrite-tracker', issue: snapshot.number, change }], track(record(outcome, true), rewriteBody(snapshot.body, plan, next)), next);
    }

    case 'last-day': {
      const today = localDate(now, plan.timezone);
      const ahead = daysBetween(today, command.lastDay);
      if (Math.abs(ahead) > PLAUSIBLE_DAYS) {
        return refuse(`${command.lastDay} is more than ${PLAUSIBLE_DAYS} days ${ahead > 0 ? 'away' : 'ago'}: check the year`, `/offboarding last-day ${today}`);
      }
      if (command.lastDay === plan.request.lastDay) return refuse(`the last day is already ${command.lastDay}`, `/offboarding last-day ${addCalendarDays(command.lastDay, 7)}`);
      const change: PlanChange = { kind: 'last-day', lastDay: command.lastDay };
      const settled = new Set(progress.tasks.filter((t) => t.state !== 'open').map((t) => t.key));
      const { plan: next, moved } = applyChange(plan, change, settled);
      const outcome = `last day moved from ${plan.request.lastDay} to ${command.lastDay}; ${moved.length} tasks moved`;
      return finish(
        outcome,
        [
          react('+1'),
          { kind: 'rewrite-tracker', issue: snapshot.number, title: trackerTitle(next), change },
          { kind: 'create-comment', issue: snapshot.number, purpose: 'reply', body: rescheduled(comment.id, next, plan.request.lastDay, moved, comment.author) },
        ],
        track(record(outcome, true), rewriteBody(snapshot.body, plan, next)),
        next,
      );
    }

    case 'cancel': {
      const done = progress.tasks.filter((t) => t.state === 'done');
      const outcome = `cancelled: ${command.reason}`;
      return finish(
        outcome,
        [react('+1'), { kind: 'create-comment', issue: snapshot.number, purpose: 'cancel', body: cancelled(comment.id, plan, command.reason, comment.author, comment.at, done) }],
        track((l) => ({ ...record(outcome, true)(l), cancelled: { at: comment.at, by: comment.author, reason: command.reason } })),
      );
    }
  }
}
