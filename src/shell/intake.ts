/**
 * The `issues` event: intake of a request (authorise, validate, convert), or recording a person's
 * edit or reopen of a tracker.
 */
import { ChecklistError } from '../checklist/problems.js';
import { isDashboard } from '../dashboard/identify.js';
import type { WebhookEvent } from '../domain/event.js';
import { isLogin, normaliseLogin, sameLogin } from '../domain/login.js';
import { CONFIG_ERROR_MARKER } from '../domain/markers.js';
import type { TrackerEvent, TrackerSnapshot } from '../domain/types.js';
import { looksLikeForm, parseForm } from '../form/parse.js';
import { validateForm } from '../form/validate.js';
import { getPermission, isAssignable } from '../github/permissions.js';
import { fetchSnapshot } from '../github/snapshots.js';
import { findUser } from '../github/users.js';
import { orgLists, readInventory } from '../github/org.js';
import type { AccessInput } from '../access/decide.js';
import { decideIntake, stickyComment } from '../intake/decide.js';
import { preformatted } from '../markdown/neutralise.js';
import type { FinalReport } from '../report/build.js';
import { isTracker } from '../tracker/identify.js';
import type { RunContext } from './context.js';
import type { Setup } from './setup.js';
import { updateTracker } from './update.js';

/** Bounds the reads one intake spends on assignability. */
const MAX_ASSIGNABILITY_CHECKS = 30;

export type IssueOutcome =
  | { readonly outcome: 'ignored'; readonly why: string }
  | { readonly outcome: 'unauthorized' | 'needs-info'; readonly issue: number; readonly problems: readonly string[]; readonly writes: number }
  | { readonly outcome: 'converted'; readonly issue: number; readonly writes: number }
  | { readonly outcome: 'updated'; readonly issue: number; readonly writes: number; readonly report?: FinalReport };

/** Thrown after the one explanatory comment, so the run ends failed. */
export class ConfigurationError extends Error {}

/** The change a person made to a tracker, as the event reports it. */
function trackerEvent(event: WebhookEvent, now: Date): TrackerEvent | undefined {
  const issue = event.issue;
  const sender = event.sender?.login ?? 'ghost';
  const at = issue?.updated_at ?? now.toISOString();
  if (event.action === 'edited' && event.changes?.body) return { kind: 'edited', from: event.changes.body.from, to: issue?.body ?? '', sender, at };
  if (event.action === 'reopened') return { kind: 'reopened', sender, at };
  return undefined;
}

/** Handles an `issues` event: intake of a request, or recording a person's edit of a tracker. */
export async function handleIssueEvent(ctx: RunContext, event: WebhookEvent): Promise<IssueOutcome> {
  const issue = event.issue;
  if (!issue) return { outcome: 'ignored', why: 'the event carries no issue' };
  if (issue.pull_request) return { outcome: 'ignored', why: `#${issue.number} is a pull request` };
  const fetched = await fetchSnapshot(ctx.client, ctx.repo, issue.number);
  if (!fetched) return { outcome: 'ignored', why: `#${issue.number} no longer exists` };
  const snapshot = await ctx.trusted(fetched);
  if (snapshot.state === 'closed') return { outcome: 'ignored', why: `#${issue.number} is closed` };

  if (isTracker(snapshot)) {
    const { writes, report } = await updateTracker(ctx, snapshot, trackerEvent(event, ctx.now));
    return { outcome: 'updated', issue: snapshot.number, writes, report };
  }
  // Neither a request nor a tracker, however it looks (the same rule as the sweep's, in intakeRequest).
  if (isDashboard(snapshot, ctx.currentTrust(), ctx.labels)) return { outcome: 'ignored', why: `#${issue.number} is the offboarding dashboard` };
  const setup = await setupFor(ctx, snapshot);
  const isRequest =
    snapshot.labels.some((l) => l.toLowerCase() === ctx.labels.base.toLowerCase()) || looksLikeForm(snapshot.body, setup.fields);
  if (!isRequest) return { outcome: 'ignored', why: `#${snapshot.number} is not an offboarding request` };
  return intakeRequest(ctx, snapshot, setup);
}

/** Loads the form and checklist; on a configuration error posts the one explanatory comment and stops. */
async function setupFor(ctx: RunContext, snapshot: TrackerSnapshot): Promise<Setup> {
  try {
    return await ctx.setup();
  } catch (error) {
    if (!(error instanceof ChecklistError)) throw error;
    const looksLikeRequest = snapshot.labels.some((l) => l.toLowerCase() === ctx.labels.base.toLowerCase()) || looksLikeForm(snapshot.body);
    if (looksLikeRequest) {
      const body = [
        CONFIG_ERROR_MARKER,
        '**This request cannot be processed: the offboarding checklist has errors.** An admin must fix the file; then edit this issue (any small change) to run intake again.',
        '',
        preformatted(error.message),
      ].join('\n');
      await ctx.apply(stickyComment(snapshot, CONFIG_ERROR_MARKER, body, 'config-error'));
    }
    throw new ConfigurationError(`The checklist has errors:\n${error.message}`);
  }
}

/** Intake of one request that is not yet a tracker (from its event, or from a sweep that finds it waiting). */
export async function intakeRequest(ctx: RunContext, snapshot: TrackerSnapshot, setup: Setup): Promise<IssueOutcome> {
  // The sweep hands over every open issue with the label, and the newest form-shaped ones: never the dashboard.
  if (isDashboard(snapshot, ctx.currentTrust(), ctx.labels)) return { outcome: 'ignored', why: `#${snapshot.number} is the offboarding dashboard` };
  const { checklist, fields } = setup;
  const author = snapshot.author;
  const listed = checklist.requesters.some((r) => sameLogin(r, author));
  const permission = listed ? 'listed' : await getPermission(ctx.client, ctx.repo, author);
  const authorised = listed || permission === 'admin' || permission === 'write';

  const answers = parseForm(snapshot.body, fields);
  const manager = normaliseLogin(answers['manager'] ?? '');
  const employee = normaliseLogin(answers['employee-login'] ?? '');
  const managerAssignable = authorised && isLogin(manager) ? await isAssignable(ctx.client, ctx.repo, manager) : undefined;
  const account = authorised && isLogin(employee) ? await findUser(ctx.client, employee) : undefined;
  const validation = authorised
    ? validateForm(answers, {
        now: ctx.now,
        timeZone: checklist.timezone ?? ctx.timezone,
        managerAssignable,
        employeeExists: isLogin(employee) ? account !== undefined : undefined,
        fields,
        exampleFrom: new Date(snapshot.createdAt),
      })
    : undefined;

  // Reads that only a valid request needs: who can be assigned, and other trackers for the same person.
  const assignable = new Map<string, boolean>();
  let duplicates: number[] = [];
  const request = validation?.request;
  const index = request ? await ctx.trackerIndex() : undefined;
  if (request && index) {
    if (managerAssignable !== undefined) assignable.set(manager.toLowerCase(), managerAssignable);
    const candidates = new Set<string>([request.manager, author]);
    for (const owner of Object.values(checklist.owners)) owner.logins.forEach((l) => candidates.add(l));
    for (const login of [...candidates].slice(0, MAX_ASSIGNABILITY_CHECKS)) {
      if (sameLogin(login, request.employeeLogin) || assignable.has(login.toLowerCase())) continue;
      assignable.set(login.toLowerCase(), await isAssignable(ctx.client, ctx.repo, login));
    }
    duplicates = index.duplicatesOf(snapshot.number, request.employeeName, request.employeeLogin);
  }
  // What the account holds in the organisation, at intake (`github:` tasks, with an organisation token).
  let access: AccessInput | undefined;
  if (request?.employeeLogin && checklist.tasks.some((t) => t.automation?.kind === 'github')) {
    const org = ctx.org ?? { org: ctx.repo.owner, maxRemovals: 0 };
    access = org.client
      ? { org: org.org, available: true, inventory: await readInventory(org.client, org.org, request.employeeLogin, orgLists(org.client, org.org), ctx.now) }
      : { org: org.org, available: false };
  }

  const decision = decideIntake({
    snapshot,
    authorised,
    checklist,
    answers,
    validation,
    assignable,
    duplicates,
    leavers: index?.leavers(ctx.now),
    account,
    ...(access ? { access } : {}),
    ...(request?.employeeLogin ? { employeeAccess: { permission: await getPermission(ctx.client, ctx.repo, request.employeeLogin), at: ctx.now.toISOString() } } : {}),
    now: ctx.now,
    timezone: ctx.timezone,
    labels: ctx.labels,
  });
  const phaseTitles = new Map(checklist.phases.map((p) => [ctx.labels.phase(p.id), p.title]));
  const writes = await ctx.apply(decision.writes, phaseTitles);
  if (decision.outcome === 'converted') {
    if (request) {
      index?.add({
        issue: snapshot.number,
        login: request.employeeLogin,
        name: request.employeeName,
        lastDay: request.lastDay,
        timezone: checklist.timezone ?? ctx.timezone,
      });
    }
    for (const warning of decision.warnings) ctx.warn(`#${snapshot.number}: ${warning}`);
    return { outcome: 'converted', issue: snapshot.number, writes };
  }
  return { outcome: decision.outcome, issue: snapshot.number, problems: decision.problems, writes };
}
