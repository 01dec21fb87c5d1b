import type { LabelSet } from '../domain/labels.js';
import { uniqueLogins } from '../domain/login.js';
import { TRACKER_MARKER, UNAUTHORIZED_MARKER, VALIDATION_MARKER } from '../domain/markers.js';
import type { ActionComment, Checklist, TrackerSnapshot } from '../domain/types.js';
import type { Write } from '../domain/writes.js';
import type { FormAnswers } from '../form/fields.js';
import { renderValidationComment, type FormValidation } from '../form/validate.js';
import { emptyLedger } from '../ledger/ledger.js';
import { buildPlan } from '../plan/plan.js';
import { renderTracker, trackerTitle } from '../tracker/render.js';
import { decideTracker } from '../update/decide.js';
import type { Leavers } from '../escalation/escalation.js';
import type { AccessInput } from '../access/decide.js';


export interface IntakeInput {
  readonly snapshot: TrackerSnapshot;
  /** The author has write permission or is a listed requester. */
  readonly authorised: boolean;
  readonly checklist: Checklist;
  readonly answers: FormAnswers;
  /** The form checked against the checklist's zone and the manager's assignability (absent when not authorised). */
  readonly validation?: FormValidation;
  /** Login (lower case) -> can be assigned in the repository, for every owner login of the plan. */
  readonly assignable: ReadonlyMap<string, boolean>;
  /** Other open trackers for the same person. */
  readonly duplicates: readonly number[];
  /** People who are leaving themselves: never mentioned. */
  readonly leavers?: Leavers;
  /** GitHub access at intake (`github:` tasks): what the account holds, when an organisation token was given. */
  readonly access?: AccessInput;
  /** The departing employee's permission on this repository, checked at intake. */
  readonly employeeAccess?: { readonly permission: string; readonly at: string };
  /** The employee's account, looked up at intake. */
  readonly account?: { readonly login: string; readonly id: number; readonly name?: string };
  readonly now: Date;
  readonly timezone: string;
  readonly labels: LabelSet;
}

export type IntakeDecision =
  | { readonly outcome: 'unauthorized' | 'needs-info'; readonly writes: readonly Write[]; readonly problems: readonly string[] }
  | { readonly outcome: 'converted'; readonly writes: readonly Write[]; readonly warnings: readonly string[] };

function find(comments: readonly ActionComment[], marker: string): ActionComment | undefined {
  return comments.find((c) => c.body.includes(marker));
}

function hasLabel(snapshot: TrackerSnapshot, name: string): boolean {
  return snapshot.labels.some((l) => l.toLowerCase() === name.toLowerCase());
}

/** Create the action's sticky comment, or update it only when its text changed. */
export function stickyComment(
  snapshot: TrackerSnapshot,
  marker: string,
  body: string,
  purpose: 'validation' | 'unauthorized' | 'config-error',
): Write[] {
  const existing = find(snapshot.comments, marker);
  if (!existing) return [{ kind: 'create-comment', issue: snapshot.number, purpose, body }];
  if (existing.body === body) return [];
  return [{ kind: 'update-comment', issue: snapshot.number, commentId: existing.id, purpose, body }];
}

const UNAUTHORIZED_TEXT = [
  UNAUTHORIZED_MARKER,
  'This offboarding request was not processed: only people with write access to this repository, or listed under `requesters` in the offboarding checklist, may file one. Please ask HR to file it.',
].join('\n');

/**
 * Intake of a request that is not yet a tracker: authorise, validate (one sticky comment listing
 * every problem), and once valid convert it in place and hand over to the tracker decision for
 * labels and the status comment. Running it again on the converted issue changes nothing.
 */
export function decideIntake(input: IntakeInput): IntakeDecision {
  const { snapshot, labels } = input;
  if (!input.authorised) {
    const writes: Write[] = [...stickyComment(snapshot, UNAUTHORIZED_MARKER, UNAUTHORIZED_TEXT, 'unauthorized')];
    if (!hasLabel(snapshot, labels.unauthorized)) writes.push({ kind: 'add-labels', issue: snapshot.number, labels: [labels.unauthorized] });
    return { outcome: 'unauthorized', writes, problems: [`@${snapshot.author} may not file offboarding requests`] };
  }

  const validation = input.validation;
  if (!validation) throw new Error(`#${snapshot.number}: an authorised request reached intake without validation.`);
  if (!validation.request) {
    const writes: Write[] = stickyComment(
      snapshot,
      VALIDATION_MARKER,
      renderValidationComment(validation.problems, validation.warnings, { valid: false }),
      'validation',
    );
    if (!hasLabel(snapshot, labels.needsInfo)) writes.push({ kind: 'add-labels', issue: snapshot.number, labels: [labels.needsInfo] });
    return { outcome: 'needs-info', writes, problems: validation.problems.map((p) => `${p.label}: ${p.message}`) };
  }

  const built = buildPlan(validation.request, input.checklist, {
    requester: snapshot.author,
    issue: snapshot.number,
    intakeAt: input.now,
    timezone: input.timezone,
  });
  const unassignable = uniqueLogins(built.tasks.flatMap((t) => t.ownerLogins)).filter((l) => input.assignable.get(l.toLowerCase()) === false);
  const plan = {
    ...built,
    ...(unassignable.length > 0 ? { unassignable } : {}),
    ...(input.account ? { account: { login: input.account.login, id: input.account.id, ...(input.account.name ? { name: input.account.name } : {}) } } : {}),
  };
  const body = renderTracker(plan, snapshot.body, { formAnswers: input.answers, warnings: validation.warnings });
  const writes: Write[] = [{ kind: 'convert-issue', issue: snapshot.number, title: trackerTitle(plan), body }];
  for (const stale of [labels.needsInfo, labels.unauthorized]) {
    if (hasLabel(snapshot, stale)) writes.push({ kind: 'remove-label', issue: snapshot.number, label: stale });
  }
  if (find(snapshot.comments, VALIDATION_MARKER)) {
    writes.push(
      ...stickyComment(snapshot, VALIDATION_MARKER, renderValidationComment([], validation.warnings, { valid: true }), 'validation'),
    );
  }
  // From here on it is a tracker: the tracker decision sets labels and posts the status comment.
  const converted: TrackerSnapshot = {
    ...snapshot,
    body,
    labels: snapshot.labels.filter((l) => ![labels.needsInfo, labels.unauthorized].includes(l)),
    comments: snapshot.comments.filter((c) => !c.body.includes(TRACKER_MARKER)),
  };
  const decision = decideTracker({
    snapshot: converted,
    now: input.now,
    labels,
    initialLedger: emptyLedger(plan, input.duplicates),
    leavers: input.leavers,
    ...(input.access ? { access: input.access } : {}),
    ...(input.employeeAccess ? { employeeAccess: input.employeeAccess } : {}),
  });
  if (decision.kind !== 'decided') throw new Error(`#${snapshot.number}: the tracker just rendered does not read back (${decision.kind}).`);
  // Dispatches are the sweep's (and a tick's run's) to make, where their outcome is recorded.
  writes.push(...decision.writes.filter((w) => w.kind !== 'dispatch-workflow' && w.kind !== 'remove-org-access'));
  return { outcome: 'converted', writes, warnings: validation.warnings };
}
