/** The `issue_comment` event: a command in a comment on an open tracker. */
import { decideCommand, type CommandDecision, type CommandInput } from '../commands/decide.js';
import { parseCommand } from '../commands/parse.js';
import type { WebhookEvent } from '../domain/event.js';
import { sameLogin } from '../domain/login.js';
import { isOwn } from '../domain/trust.js';
import { fetchBodyHistories } from '../github/history.js';
import { getPermission, isAssignable } from '../github/permissions.js';
import { fetchSnapshot } from '../github/snapshots.js';
import { isTracker, planFor } from '../tracker/identify.js';
import { parseTracker } from '../tracker/parse.js';
import type { RunContext } from './context.js';
import { restoresFor } from './update.js';

export type CommentOutcome =
  | { readonly outcome: 'ignored'; readonly why: string }
  | { readonly outcome: 'command'; readonly issue: number; readonly result: string; readonly writes: number };

/** Handles an `issue_comment` `created` event. */
export async function handleCommentEvent(ctx: RunContext, event: WebhookEvent): Promise<CommentOutcome> {
  const { issue, comment } = event;
  if (!issue || !comment) return { outcome: 'ignored', why: 'the event carries no comment' };
  if (event.action !== undefined && event.action !== 'created') return { outcome: 'ignored', why: `comment ${event.action}, not created` };
  if (issue.pull_request) return { outcome: 'ignored', why: `#${issue.number} is a pull request` };
  const parsed = parseCommand(comment.body ?? '');
  if (!parsed) return { outcome: 'ignored', why: `the comment on #${issue.number} is not a command` };
  const author = comment.user?.login ?? 'ghost';
  if (isOwn({ login: author, bot: comment.user?.type === 'Bot' }, ctx.currentTrust())) return { outcome: 'ignored', why: 'the comment is the action’s own' };
  const fetched = await fetchSnapshot(ctx.client, ctx.repo, issue.number);
  if (!fetched) return { outcome: 'ignored', why: `#${issue.number} no longer exists` };
  const snapshot = await ctx.trusted(fetched);
  if (!isTracker(snapshot)) return { outcome: 'ignored', why: `#${issue.number} is not an offboarding tracker` };
  if (snapshot.state === 'closed') return { outcome: 'ignored', why: `#${issue.number} is closed` };

  // Who may command: write permission or a listed requester, never the departing employee.
  const plan = planFor(parseTracker(snapshot.body).plan, snapshot.number);
  const checklist = await ctx.checklist();
  const leaving = sameLogin(author, plan?.request.employeeLogin);
  const listed = checklist.requesters.some((r) => sameLogin(r, author));
  const permission = leaving || listed ? undefined : await getPermission(ctx.client, ctx.repo, author);
  const authorised = !leaving && (listed || permission === 'admin' || permission === 'write');

  const assignable = new Map<string, boolean>();
  if (authorised && parsed.kind === 'command' && parsed.command.kind === 'owner') {
    for (const login of parsed.command.logins.slice(0, 10)) assignable.set(login.toLowerCase(), await isAssignable(ctx.client, ctx.repo, login));
  }
  const index = await ctx.trackerIndex();
  const restore = (await restoresFor(ctx, [snapshot])).get(snapshot.number);
  const input: CommandInput = {
    snapshot,
    comment: { id: comment.id, author, at: new Date(comment.created_at).toISOString() },
    parsed,
    authorised,
    assignable,
    now: ctx.now,
    labels: ctx.labels,
    leavers: index.leavers(ctx.now),
    statusRestore: restore,
  };
  let decision: CommandDecision = decideCommand(input);
  if (decision.kind === 'needs-history') {
    const histories = snapshot.nodeId ? await fetchBodyHistories(ctx.client, [snapshot.nodeId]) : new Map();
    decision = decideCommand({ ...input, history: (snapshot.nodeId && histories.get(snapshot.nodeId)) || [] });
  }
  if (decision.kind === 'ignored') return { outcome: 'ignored', why: decision.why };
  if (decision.kind === 'needs-history') throw new Error(`#${snapshot.number}: no decision`);
  const titles = decision.plan ? new Map(decision.plan.phases.map((p) => [ctx.labels.phase(p.id), p.title])) : undefined;
  const writes = await ctx.apply(decision.writes, titles);
  return { outcome: 'command', issue: snapshot.number, result: decision.outcome, writes };
}
