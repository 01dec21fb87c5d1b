/**
 * The decisions about GitHub access for one tracker: record what this run's check found and who
 * confirmed the account; remove what is held when the task is due and the account is confirmed
 * (never an owner, never when removals are held back); call the task done only when a check at
 * least an hour after its deadline, and after the removals, finds nothing left.
 */
import { addHours } from 'date-fns';
import { noticeKey, noticeMarker } from '../domain/markers.js';
import { formatInstant } from '../domain/time.js';
import type { ActionComment, Plan, PlannedTask } from '../domain/types.js';
import type { Write } from '../domain/writes.js';
import type { Ledger } from '../ledger/ledger.js';
import { inline, mention } from '../markdown/neutralise.js';
import {
  isOwner,
  ITEM_TITLES,
  remaining,
  removalsFor,
  unchecked,
  type AccessRecord,
  type InventoryItem,
  type RemovalRecord,
} from './inventory.js';

/** What the shell found out about GitHub access in this run, for one tracker. */
export interface AccessInput {
  readonly org: string;
  /** The organisation token was given: access is checked (else the task is ticked by hand). */
  readonly available: boolean;
  /** This run's check of the account, when it made one. */
  readonly inventory?: readonly InventoryItem[];
  /** A person ticked the confirmation line: who, when, and whether they may confirm. */
  readonly confirmation?: { readonly by: string; readonly at: string; readonly allowed: boolean; readonly why?: string };
  /** The removals this run made, once made (then recorded instead of made again). */
  readonly removalResults?: readonly RemovalRecord[];
  /** Why this run removes nothing (too many accounts at once): recorded and shown. */
  readonly removalsHeld?: string;
}

/** GitHub checks some removals in the background: the verifying check waits this long after the deadline. */
export const VERIFY_AFTER_HOURS = 1;

export function accessTask(plan: Plan): PlannedTask | undefined {
  return plan.tasks.find((t) => t.automation?.kind === 'github');
}

function mode(task: PlannedTask | undefined): 'remove' | 'verify' | undefined {
  return task?.automation?.kind === 'github' ? task.automation.mode : undefined;
}

/** The ledger with this run's check, confirmation and removals recorded, and the verification. */
export function recordAccess(ledger: Ledger, plan: Plan, input: AccessInput, now: Date, confirmTicked: boolean): Ledger {
  const login = plan.request.employeeLogin;
  const task = accessTask(plan);
  if (!task || !login) return ledger;
  if (!input.available) return ledger.github && !ledger.github.disabled ? { ...ledger, github: { ...ledger.github, disabled: true } } : ledger;
  let record: AccessRecord = ledger.github ?? { org: input.org, login };
  if (record.disabled) {
    const { disabled: _on, ...rest } = record;
    record = rest;
  }
  if (input.inventory) record = { ...record, latest: [...input.inventory], atIntake: record.atIntake ?? [...input.inventory] };
  const confirmation = input.confirmation;
  if (confirmation && !record.confirmed) {
    if (confirmation.allowed) record = { ...record, confirmed: { by: confirmation.by, at: confirmation.at } };
    else if (!(record.refusedConfirmations ?? []).some((r) => r.by === confirmation.by && r.at === confirmation.at)) {
      record = { ...record, refusedConfirmations: [...(record.refusedConfirmations ?? []), { by: confirmation.by, at: confirmation.at, why: confirmation.why ?? 'may not confirm' }] };
    }
  }
  // A confirmation holds while its box stays ticked.
  if (record.confirmed && !confirmTicked) {
    const { confirmed: _dropped, ...rest } = record;
    record = rest;
  }
  if (input.removalResults?.length) record = { ...record, removals: [...(record.removals ?? []), ...input.removalResults] };
  if (input.removalsHeld) record = { ...record, held: input.removalsHeld };
  else if (record.held && !isOwner(record.latest)) {
    const { held: _cleared, ...rest } = record;
    record = rest;
  }
  if (!record.verifiedAt && input.inventory && verifiable(record, task, now)) record = { ...record, verifiedAt: now.toISOString() };
  return { ...ledger, github: record };
}

/** Nothing left in a complete check made at least an hour after the deadline and after the last removal. */
function verifiable(record: AccessRecord, task: PlannedTask, now: Date): boolean {
  const latest = record.latest ?? [];
  if (latest.length === 0 || remaining(latest).length > 0 || unchecked(latest).length > 0) return false;
  if (now.getTime() < addHours(new Date(task.due), VERIFY_AFTER_HOURS).getTime()) return false;
  const lastRemoval = (record.removals ?? []).reduce((max, r) => Math.max(max, Date.parse(r.at)), 0);
  return lastRemoval === 0 || now.getTime() > lastRemoval;
}

/** The removals due now: the task is due, the account confirmed and no owner, nothing held back. */
export function dueRemovals(issue: number, plan: Plan, ledger: Ledger, input: AccessInput | undefined, now: Date, confirmTicked: boolean): Write[] {
  const task = accessTask(plan);
  const record = ledger.github;
  const login = plan.request.employeeLogin;
  if (!task || !login || !record || !input?.available || mode(task) !== 'remove') return [];
  if (record.verifiedAt || input.removalResults || input.removalsHeld || !record.confirmed || !confirmTicked) return [];
  if (now.getTime() < Date.parse(task.due) || isOwner(record.latest)) return [];
  // What this very run's check found held, removed once: a removal GitHub finishes in the background is not repeated.
  const removedAt = (record.removals ?? []).filter((r) => r.ok).map((r) => r.kind);
  return removalsFor(input.inventory ?? [])
    .filter((removal) => !removedAt.includes(removal.item))
    .map((removal) => ({ kind: 'remove-org-access', issue, org: record.org, login, removal }));
}

/** The task's state as GitHub access decides it: done only when verified; a tick while access remains does not count. */
export function accessVerdict(ledger: Ledger): { verifiedAt?: string; stillHeld: readonly InventoryItem[] } {
  return { ...(ledger.github?.verifiedAt ? { verifiedAt: ledger.github.verifiedAt } : {}), stillHeld: remaining(ledger.github?.latest) };
}

/** Tells the task's owners once that the account is an organisation owner: they must remove it themselves. */
export function ownerNotice(issue: number, plan: Plan, ledger: Ledger, comments: readonly ActionComment[]): Write[] {
  const task = accessTask(plan);
  const record = ledger.github;
  if (!task || !record || mode(task) !== 'remove' || !isOwner(record.latest) || record.verifiedAt) return [];
  const key = `github-owner:${record.login}`;
  if (comments.some((c) => noticeKey(c.body) === key)) return [];
  const people = task.ownerLogins.length > 0 ? task.ownerLogins : [plan.requester];
  const body = [
    noticeMarker(key),
    `⚠️ \`${inline(record.login, 40)}\` is an **owner** of the ${inline(record.org, 40)} organisation. The action never removes an owner: ${people.map(mention).join(' ')} please remove their access by hand (demote them first). The task is done once a check finds nothing left.`,
  ].join('\n');
  return [{ kind: 'create-comment', issue, purpose: 'notice', body }];
}

/** The status comment's section on GitHub access. */
export function accessSection(plan: Plan, ledger: Ledger, input: AccessInput | undefined, ticks: { by?: string } | undefined): string[] {
  const task = accessTask(plan);
  if (!task) return [];
  const zone = plan.timezone;
  const login = plan.request.employeeLogin;
  if (!login) return ['**GitHub access**', '', '- The request names no GitHub login: revoking GitHub access is an ordinary task, ticked by hand.'];
  if (!input?.available) {
    return [
      '**GitHub access**',
      '',
      `- Not checked: the action has no \`org-token\` (the workflow token cannot see organisation membership). “${inline(task.title, 100)}” is ticked by hand; give the action an \`org-token\` to have it ${mode(task) === 'remove' ? 'removed and ' : ''}verified.`,
    ];
  }
  const record = ledger.github;
  const lines = ['**GitHub access**', ''];
  const account = plan.account ? ` (account ${plan.account.id}${plan.account.name ? `, ${inline(plan.account.name, 60)}` : ''})` : '';
  lines.push(`- Account \`${inline(login, 40)}\`${account} in ${inline(input.org, 40)}.`);
  if (record?.verifiedAt) lines.push(`- ✅ Verified at ${formatInstant(record.verifiedAt, zone)}: nothing left.`);
  if (mode(task) === 'remove' && !record?.verifiedAt) {
    if (record?.confirmed) lines.push(`- Confirmed by \`${inline(record.confirmed.by, 40)}\` at ${formatInstant(record.confirmed.at, zone)}: access is removed when the task falls due (${formatInstant(task.due, zone)}).`);
    else lines.push('- Waiting for confirmation: someone with write access (not the person leaving) ticks the confirmation line in the tracker. Nothing is removed before.');
    for (const r of record?.refusedConfirmations ?? []) lines.push(`- The confirmation ticked by \`${inline(r.by, 40)}\` at ${formatInstant(r.at, zone)} does not count: ${inline(r.why, 200)}.`);
  }
  if (isOwner(record?.latest) && !record?.verifiedAt) lines.push(`- ⚠️ The account is an organisation owner: the action never removes an owner; the task's owners must.`);
  if (record?.held) lines.push(`- ⏸️ ${inline(record.held, 300)}`);
  for (const item of record?.latest ?? []) {
    const when = formatInstant(item.checkedAt, zone);
    if (item.held === undefined) lines.push(`  - ${ITEM_TITLES[item.kind]}: not checked (the token needs ${inline(item.missingPermission ?? 'a permission', 80)}), at ${when}`);
    else if (item.held) lines.push(`  - ${ITEM_TITLES[item.kind]}: **still held**${item.detail ? ` (${inline(item.detail, 120)})` : ''}, checked at ${when}`);
  }
  const left = remaining(record?.latest);
  if (left.length === 0 && (record?.latest?.length ?? 0) > 0 && unchecked(record?.latest).length === 0 && !record?.verifiedAt) {
    lines.push(`  - Nothing left at the last check (${formatInstant(record?.latest?.[0]?.checkedAt ?? '', zone)}); verified by a check at least ${VERIFY_AFTER_HOURS}h after the deadline.`);
  }
  if (ticks?.by && left.length > 0) {
    lines.push(`- ⚠️ “${inline(task.title, 100)}” was ticked by \`${inline(ticks.by, 40)}\`, but \`${inline(login, 40)}\` still holds access in ${inline(input.org, 40)} (checked at ${formatInstant(left[0]?.checkedAt ?? '', zone)}): the task stays open.`);
  }
  for (const r of (record?.removals ?? []).slice(-10)) {
    lines.push(`- ${r.ok ? 'Removed' : 'Could not remove'} ${lowerFirst(ITEM_TITLES[r.kind])} at ${formatInstant(r.at, zone)} (GitHub answered ${inline(r.answer, 120)}).`);
  }
  return lines;
}

/** "Copilot seat" stays a name; "Organisation membership" reads "organisation membership" mid-sentence. */
function lowerFirst(title: string): string {
  return /^(Copilot)\b/.test(title) ? title : title.charAt(0).toLowerCase() + title.slice(1);
}
