import { ChecklistError } from '../checklist/problems.js';
import { resolveChecklist } from '../checklist/source.js';
import { isLogin, normaliseLogin } from '../domain/login.js';
import { CONFIG_ERROR_MARKER } from '../domain/markers.js';
import type { Checklist, TrackerEvent, TrackerSnapshot } from '../domain/types.js';
import type { FieldDef } from '../form/fields.js';
import { DEFAULT_FIELDS, fieldsFromTemplate } from '../form/fields.js';
import { looksLikeForm, parseForm } from '../form/parse.js';
import { validateForm } from '../form/validate.js';
import { getPermission, isAssignable } from '../github/permissions.js';
import { fetchSnapshot, trackerPages } from '../github/snapshots.js';
import { decideIntake, stickyComment } from '../intake/decide.js';
import { preformatted } from '../markdown/neutralise.js';
import type { FinalReport } from '../report/report.js';
import { isTracker, planFor } from '../tracker/identify.js';
import { parseTracker } from '../tracker/parse.js';
import type { WebhookEvent } from '../domain/event.js';
import type { RunContext } from './context.js';
import { updateTracker } from './update.js';

/** Bounds the reads one intake spends on assignability. */
const MAX_ASSIGNABILITY_CHECKS = 30;

export const FORM_TEMPLATE_PATH = '.github/ISSUE_TEMPLATE/offboarding.yml';

export type IssueOutcome =
  | { readonly outcome: 'ignored'; readonly why: string }
  | { readonly outcome: 'unauthorized' | 'needs-info'; readonly issue: number; readonly problems: readonly string[]; readonly writes: number }
  | { readonly outcome: 'converted'; readonly issue: number; readonly writes: number }
  | { readonly outcome: 'updated'; readonly issue: number; readonly writes: number; readonly report?: FinalReport };

/** Thrown after the one explanatory comment, so the run ends failed. */
export class ConfigurationError extends Error {}

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
    const sender = event.sender?.login ?? 'ghost';
    const at = issue.updated_at ?? ctx.now.toISOString();
    const trackerEvent: TrackerEvent | undefined =
      event.action === 'edited' && event.changes?.body
        ? { kind: 'edited', from: event.changes.body.from, to: issue.body ?? '', sender, at }
        : event.action === 'reopened'
          ? { kind: 'reopened', sender, at }
          : undefined;
    const { writes, report } = await updateTracker(ctx, snapshot, trackerEvent);
    return { outcome: 'updated', issue: snapshot.number, writes, report };
  }

  const fields = await formFields(ctx);
  const isRequest =
    snapshot.labels.some((l) => l.toLowerCase() === ctx.labels.base.toLowerCase()) || looksLikeForm(snapshot.body, fields);
  if (!isRequest) return { outcome: 'ignored', why: `#${snapshot.number} is not an offboarding request` };

  const checklist = await checklistFor(ctx, snapshot);
  return intakeRequest(ctx, snapshot, checklist, fields);
}

/** The form's fields: the repository's own issue form when it has one, else the shipped form's. */
export async function formFields(ctx: RunContext): Promise<readonly FieldDef[]> {
  const template = await ctx.readFile(FORM_TEMPLATE_PATH);
  if (template === undefined) return DEFAULT_FIELDS;
  try {
    const fields = fieldsFromTemplate(template);
    return fields.length > 0 ? fields : DEFAULT_FIELDS;
  } catch (error) {
    ctx.warn(`${FORM_TEMPLATE_PATH} is not a valid issue form (${(error as Error).message}); using the built-in form's labels.`);
    return DEFAULT_FIELDS;
  }
}

/** Loads the checklist; on a configuration error posts the one explanatory comment and stops. */
async function checklistFor(ctx: RunContext, snapshot: TrackerSnapshot): Promise<Checklist> {
  try {
    return await resolveChecklist(ctx.readFile, ctx.checklistPath);
  } catch (error) {
    if (!(error instanceof ChecklistError)) throw error;
    const body = [
      CONFIG_ERROR_MARKER,
      '**This request cannot be processed: the offboarding checklist has errors.** An admin must fix the file; then edit this issue (any small change) to run intake again.',
      '',
      preformatted(error.message),
    ].join('\n');
    await ctx.apply(stickyComment(snapshot, CONFIG_ERROR_MARKER, body, 'config-error'));
    throw new ConfigurationError(`The checklist has errors:\n${error.message}`);
  }
}

/** Intake of one request that is not yet a tracker (from its event, or from a sweep that finds it waiting). */
export async function intakeRequest(
  ctx: RunContext,
  snapshot: TrackerSnapshot,
  checklist: Checklist,
  fields: readonly FieldDef[],
): Promise<IssueOutcome> {
  const author = snapshot.author;
  const listed = checklist.requesters.some((r) => r.toLowerCase() === author.toLowerCase());
  const permission = listed ? 'listed' : await getPermission(ctx.client, ctx.repo, author);
  const authorised = listed || permission === 'admin' || permission === 'write';

  const answers = parseForm(snapshot.body, fields);
  const manager = normaliseLogin(answers['manager'] ?? '');
  const managerAssignable = authorised && isLogin(manager) ? await isAssignable(ctx.client, ctx.repo, manager) : undefined;

  // Reads that only a valid request needs: who can be assigned, and other trackers for the same person.
  const assignable = new Map<string, boolean>();
  let duplicates: number[] = [];
  const validation = authorised
    ? validateForm(answers, { now: ctx.now, timeZone: checklist.timezone ?? ctx.timezone, managerAssignable, fields })
    : undefined;
  const request = validation?.request;
  if (request) {
    const employee = request.employeeLogin?.toLowerCase();
    if (managerAssignable !== undefined) assignable.set(manager.toLowerCase(), managerAssignable);
    const candidates = new Set<string>([request.manager, author]);
    for (const owner of Object.values(checklist.owners)) owner.logins.forEach((l) => candidates.add(l));
    for (const login of [...candidates].slice(0, MAX_ASSIGNABILITY_CHECKS)) {
      if (login.toLowerCase() === employee || assignable.has(login.toLowerCase())) continue;
      assignable.set(login.toLowerCase(), await isAssignable(ctx.client, ctx.repo, login));
    }
    duplicates = await findDuplicates(ctx, snapshot.number, request.employeeName, request.employeeLogin);
  }

  const decision = decideIntake({
    snapshot,
    authorised,
    checklist,
    answers,
    validation,
    assignable,
    duplicates,
    now: ctx.now,
    timezone: ctx.timezone,
    labels: ctx.labels,
  });
  const phaseTitles = new Map(checklist.phases.map((p) => [ctx.labels.phase(p.id), p.title]));
  const writes = await ctx.apply(decision.writes, phaseTitles);
  if (decision.outcome === 'converted') {
    for (const warning of decision.warnings) ctx.warn(`#${snapshot.number}: ${warning}`);
    return { outcome: 'converted', issue: snapshot.number, writes };
  }
  return { outcome: decision.outcome, issue: snapshot.number, problems: decision.problems, writes };
}

/** Open trackers for the same person: same employee login, else the same name. */
async function findDuplicates(ctx: RunContext, self: number, name: string, login: string | undefined): Promise<number[]> {
  const found: number[] = [];
  const sameName = (a: string): boolean => a.trim().toLowerCase() === name.trim().toLowerCase();
  for await (const page of trackerPages(ctx.client, ctx.repo, { label: ctx.labels.base, states: ['OPEN'], warn: ctx.warn })) {
    for (const other of page) {
      if (other.number === self) continue;
      const plan = planFor(parseTracker(other.body).plan, other.number);
      if (!plan) continue;
      const otherLogin = plan.request.employeeLogin?.toLowerCase();
      const match = login && otherLogin ? otherLogin === login.toLowerCase() : sameName(plan.request.employeeName);
      if (match) found.push(other.number);
    }
  }
  return found;
}
