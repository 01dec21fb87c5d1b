import type { Plan } from '../domain.js';

/**
 * The action's memory of one tracker, kept hidden in its status comment (never in the issue body):
 * who changed each task and when, which escalations were sent, which completion was reported.
 */
export interface TickRecord {
  /** Task id, or `extra:<slug>` for a checkbox a person added. */
  readonly task: string;
  readonly state: TaskState;
  /** ISO instant of the change (or of when it was first observed). */
  readonly at: string;
  /** Login of who made the change; absent when unknown. */
  readonly by?: string;
  /** How we know: the `edited` webhook, the edit history, or only observed by a sweep. */
  readonly source: 'event' | 'edit-history' | 'observed';
  readonly reason?: string;
}

export type TaskState = 'open' | 'done' | 'na';

export interface EscalationRecord {
  readonly task: string;
  /** Index into the task's escalation ladder. */
  readonly level: number;
  readonly at: string;
  readonly notified: readonly string[];
}

export interface CompletionRecord {
  readonly at: string;
  /** Identifies the set of task states that completed; a reopened tracker completing again differently gets a new key. */
  readonly key: string;
}

export interface Ledger {
  readonly v: 1;
  /** A copy of the plan, so a tracker whose body lost its hidden plan can still be swept. */
  readonly plan?: Plan;
  readonly ticks: readonly TickRecord[];
  readonly escalations: readonly EscalationRecord[];
  readonly completions: readonly CompletionRecord[];
  readonly reopened?: { readonly at: string; readonly by?: string };
  /** Other open trackers for the same person when this one was created. */
  readonly duplicates?: readonly number[];
  /** Things an auditor must know about this record, e.g. that it was lost and rebuilt. */
  readonly notes: readonly string[];
}

export const LEDGER_PREFIX = '<!-- offboarding:ledger ';
const LEDGER_SUFFIX = ' -->';

export function emptyLedger(plan?: Plan, duplicates?: readonly number[]): Ledger {
  return { v: 1, plan, ticks: [], escalations: [], completions: [], notes: [], ...(duplicates?.length ? { duplicates } : {}) };
}

/** The hidden line that carries the ledger; base64 so no `-->` can end the comment early. */
export function encodeLedger(ledger: Ledger): string {
  return `${LEDGER_PREFIX}${Buffer.from(JSON.stringify(ledger), 'utf8').toString('base64')}${LEDGER_SUFFIX}`;
}

export type LedgerRead =
  | { readonly status: 'ok'; readonly ledger: Ledger }
  | { readonly status: 'missing' }
  | { readonly status: 'damaged'; readonly reason: string };

/** Reads the ledger out of a status comment, validating its shape rather than trusting it. */
export function decodeLedger(commentBody: string): LedgerRead {
  const start = commentBody.lastIndexOf(LEDGER_PREFIX);
  if (start < 0) return { status: 'missing' };
  const end = commentBody.indexOf(LEDGER_SUFFIX, start + LEDGER_PREFIX.length);
  if (end < 0) return { status: 'damaged', reason: 'the hidden ledger is cut off' };
  const encoded = commentBody.slice(start + LEDGER_PREFIX.length, end).trim();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
  } catch {
    return { status: 'damaged', reason: 'the hidden ledger does not parse' };
  }
  const problem = ledgerProblem(value);
  return problem ? { status: 'damaged', reason: problem } : { status: 'ok', ledger: value as Ledger };
}

function ledgerProblem(value: unknown): string | undefined {
  if (!isRecord(value) || value.v !== 1) return 'the hidden ledger has an unknown version';
  if (!Array.isArray(value.ticks) || !value.ticks.every(isTick)) return 'the tick records are malformed';
  if (!Array.isArray(value.escalations) || !value.escalations.every(isEscalation)) {
    return 'the escalation records are malformed';
  }
  if (!Array.isArray(value.completions) || !value.completions.every((c) => isRecord(c) && isIso(c.at) && typeof c.key === 'string')) {
    return 'the completion records are malformed';
  }
  if (!Array.isArray(value.notes) || !value.notes.every((n) => typeof n === 'string')) return 'the notes are malformed';
  if (value.plan !== undefined && !(isRecord(value.plan) && value.plan.version === 1 && Array.isArray(value.plan.tasks))) {
    return 'the plan copy is malformed';
  }
  return undefined;
}

function isTick(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.task === 'string' &&
    (value.state === 'open' || value.state === 'done' || value.state === 'na') &&
    isIso(value.at) &&
    (value.by === undefined || typeof value.by === 'string') &&
    (value.source === 'event' || value.source === 'edit-history' || value.source === 'observed')
  );
}

function isEscalation(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.task === 'string' &&
    Number.isInteger(value.level) &&
    isIso(value.at) &&
    Array.isArray(value.notified)
  );
}

function isIso(value: unknown): boolean {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The state each task was last recorded in. */
export function recordedStates(ledger: Ledger): Map<string, TickRecord> {
  const states = new Map<string, TickRecord>();
  for (const tick of ledger.ticks) states.set(tick.task, tick);
  return states;
}
