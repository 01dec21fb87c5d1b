/**
 * GitHub access for `github:` tasks: the checks (with the organisation token, a bounded number of
 * requests per tracker, none once verified), who ticked the confirmation line and whether they may,
 * and the removals — capped per run, never before confirmation, never of an owner, never of an
 * account whose id changed since intake.
 */
import type { AccessInput } from '../access/decide.js';
import { accessTask } from '../access/decide.js';
import type { RemovalRecord } from '../access/inventory.js';
import { sameLogin } from '../domain/login.js';
import { STATUS_MARKER } from '../domain/markers.js';
import type { TrackerEvent, TrackerSnapshot } from '../domain/types.js';
import type { Write } from '../domain/writes.js';
import { statusOf } from '../github/errors.js';
import { fetchBodyHistories } from '../github/history.js';
import { orgLists, readInventory, type OrgLists } from '../github/org.js';
import { getPermission } from '../github/permissions.js';
import { findUser } from '../github/users.js';
import { decodeLedger } from '../ledger/ledger.js';
import { planFor } from '../tracker/identify.js';
import { parseTracker, readTracker } from '../tracker/parse.js';
import { recordedView } from '../update/quiet.js';
import type { OrgAccess, RunContext } from './context.js';

type Removal = Extract<Write, { kind: 'remove-org-access' }>;

export function removalsIn(writes: readonly Write[]): Removal[] {
  return writes.filter((w): w is Removal => w.kind === 'remove-org-access');
}

/** Who ticked the confirmation line: the event's sender, else the edit-history revision that ticked it. */
async function confirmer(ctx: RunContext, snapshot: TrackerSnapshot, event: TrackerEvent | undefined): Promise<{ by: string; at: string } | undefined> {
  if (event?.kind === 'edited' && !parseTracker(event.from).confirm?.checked && parseTracker(event.to).confirm?.checked) {
    return { by: event.sender, at: new Date(event.at).toISOString() };
  }
  if (!snapshot.nodeId) return undefined;
  const history = (await fetchBodyHistories(ctx.client, [snapshot.nodeId])).get(snapshot.nodeId) ?? [];
  for (let i = history.length - 1; i >= 0; i--) {
    const here = history[i];
    if (!here?.body || !parseTracker(here.body).confirm?.checked) return undefined;
    const before = history[i - 1]?.body;
    if (before === undefined || !parseTracker(before).confirm?.checked) return here.editor ? { by: here.editor, at: new Date(here.editedAt).toISOString() } : undefined;
  }
  return undefined;
}

/** This run's facts about GitHub access for each tracker that has a `github:` task. */
export async function accessInputs(
  ctx: RunContext,
  org: OrgAccess,
  pending: ReadonlyArray<{ readonly snapshot: TrackerSnapshot; readonly event?: TrackerEvent }>,
): Promise<Map<number, AccessInput>> {
  const out = new Map<number, AccessInput>();
  let lists: OrgLists | undefined;
  for (const { snapshot, event } of pending) {
    // An unchanged body need not be parsed to learn its plan: the record holds it (update/quiet.ts).
    const view = recordedView(snapshot);
    const plan = view ? view.plan : planFor(readTracker(snapshot.body).plan, snapshot.number);
    const login = plan?.request.employeeLogin;
    if (!plan || !login || !accessTask(plan)) continue;
    if (!org.client) {
      out.set(snapshot.number, { org: org.org, available: false });
      continue;
    }
    const status = snapshot.comments.find((c) => c.body.includes(STATUS_MARKER));
    const read = status ? decodeLedger(status.body) : undefined;
    const record = read?.status === 'ok' ? read.ledger.github : undefined;
    if (record?.verifiedAt) {
      out.set(snapshot.number, { org: org.org, available: true });
      continue;
    }
    const body = readTracker(snapshot.body);
    lists ??= orgLists(org.client, org.org);
    const inventory = await readInventory(org.client, org.org, login, lists, ctx.now);
    let confirmation: AccessInput['confirmation'];
    if (body.confirm?.checked && !record?.confirmed) {
      const who = await confirmer(ctx, snapshot, event);
      if (who) {
        const leaving = sameLogin(who.by, login);
        const permission = leaving ? 'none' : await getPermission(ctx.client, ctx.repo, who.by);
        const allowed = !leaving && (permission === 'write' || permission === 'admin');
        confirmation = {
          ...who,
          allowed,
          ...(allowed ? {} : { why: leaving ? 'the departing employee cannot confirm their own removal' : `${who.by} has ${permission} access to this repository; confirming needs write` }),
        };
      }
    }
    out.set(snapshot.number, { org: org.org, available: true, inventory, ...(confirmation ? { confirmation } : {}) });
  }
  return out;
}

/**
 * Makes one tracker's removals, in order, each recorded with GitHub's answer. The account must still
 * be the one looked up at intake (a renamed login could now belong to someone else).
 */
export async function performRemovals(ctx: RunContext, org: OrgAccess, removals: readonly Removal[], accountId: number | undefined): Promise<RemovalRecord[] | string> {
  const first = removals[0];
  if (!first || !org.client) return [];
  if (accountId !== undefined) {
    const account = await findUser(ctx.client, first.login);
    if (!account || account.id !== accountId) {
      return `the login ${first.login} no longer belongs to account ${accountId} looked up at intake: nothing was removed; check the account by hand`;
    }
  }
  const records: RemovalRecord[] = [];
  for (const removal of removals) {
    const at = ctx.now.toISOString();
    try {
      // Through the one write gate: a dry run prints the removal and makes none.
      const made = await ctx.apply([removal]);
      if (made > 0) records.push({ kind: removal.removal.item, at, answer: 'accepted', ok: true });
    } catch (error) {
      const status = statusOf(error);
      // Already gone is what was wanted.
      const gone = status === 404;
      records.push({ kind: removal.removal.item, at, answer: `${status ?? ''} ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`.trim(), ok: gone });
      if (!gone) ctx.warn(`#${removal.issue}: removing ${removal.login}'s ${removal.removal.item} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return records;
}
