import { hiddenData } from '../domain/codec.js';
import type { AccessRecord } from '../access/inventory.js';
import type { Plan } from '../domain/types.js';

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
  readonly source: 'event' | 'edit-history' | 'observed' | 'command';
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
  /** People the action assigned (it unassigns only those, once their tasks are done). */
  readonly assigned?: readonly string[];
  /** Every command given in a comment, carried out or refused (each comment once). */
  readonly commands?: readonly CommandRecord[];
  /** Tasks a command marked not applicable, while their checkbox stays as it was then. */
  readonly overrides?: Readonly<Record<string, Override>>;
  /** The offboarding was called off. */
  readonly cancelled?: { readonly at: string; readonly by: string; readonly reason: string };
  /** Automated tasks (`workflow:`): dispatches and the runs that reported back, by task id. */
  readonly automation?: Readonly<Record<string, AutomationRecord>>;
  /** GitHub access (`github:` tasks): the account, its confirmation, what it held, removals, verification. */
  readonly github?: AccessRecord;
  /** Whether the person leaving can read this (confidential) tracker: the latest check of their repository permission. */
  readonly employeeAccess?: { readonly permission: string; readonly at: string };
  /** What the action last saw, so that a sweep tells an unchanged tracker without reading its body again. */
  readonly seen?: SeenRecord;
}

/**
 * The tracker as the action last left it: while its body is the same, its labels and assignees
 * need nothing, and nothing falls due before `until`, a sweep has nothing to do for it and takes
 * its summary from here instead of parsing the body (update/quiet.ts).
 */
export interface SeenRecord {
  /** SHA-256 of the issue body the record was made from (first 16 hex digits). */
  readonly body: string;
  /** The first instant something falls due (a task, an escalation level, a reminder); absent: nothing will. */
  readonly until?: string;
  /** The labels the action wants on the issue. */
  readonly labels: readonly string[];
  /** The people the action wants assigned. */
  readonly assignees: readonly string[];
  /** What the GitHub-access input was (`''`: none). */
  readonly access: string;
  /** The tracker's line in the job summary and the dashboard. */
  readonly summary: SeenSummary;
}

export interface SeenSummary {
  readonly done: number;
  readonly na: number;
  readonly total: number;
  readonly percent: number;
  readonly overdue: number;
  readonly securityOverdue: number;
  readonly oldestOverdue?: string;
  readonly nextDeadline?: string;
  readonly nextDeadlineTask?: string;
  readonly nextDeadlineSecurity?: boolean;
}

/** What the action did for one `workflow:` task, and what the company's workflow reported. */
export interface AutomationRecord {
  readonly workflow: string;
  /** The dispatch that was accepted. */
  readonly dispatched?: { readonly at: string; readonly ref: string };
  /** The latest failed dispatch attempts (retried by later runs), newest last, at most five. */
  readonly dispatchErrors?: ReadonlyArray<{ readonly at: string; readonly error: string }>;
  /** Every run of the workflow that reported back with `command: complete`, in order. */
  readonly runs?: ReadonlyArray<AutomationRun>;
}

export interface AutomationRun {
  readonly at: string;
  readonly result: 'success' | 'failure';
  /** The run's URL. */
  readonly run: string;
  readonly runId: string;
  readonly evidence: string;
}

/** The latest run of a `workflow:` task that reported success, if any. */
export function succeeded(record: AutomationRecord | undefined): AutomationRun | undefined {
  return [...(record?.runs ?? [])].reverse().find((r) => r.result === 'success');
}

export interface CommandRecord {
  /** The comment's id: a command is carried out once. */
  readonly comment: number;
  readonly by: string;
  readonly at: string;
  /** The command as written (first line, cut). */
  readonly text: string;
  /** What came of it, in words. */
  readonly outcome: string;
  readonly done: boolean;
}

export interface Override {
  readonly state: 'na';
  readonly reason: string;
  readonly by: string;
  readonly at: string;
  /** The task's checkbox when the command was given: the override holds while it stays so. */
  readonly checked: boolean;
}

const TICK = {
  type: 'object',
  required: ['task', 'state', 'at', 'source'],
  properties: {
    task: { type: 'string' },
    state: { enum: ['open', 'done', 'na'] },
    at: { type: 'string' },
    by: { type: 'string' },
    source: { enum: ['event', 'edit-history', 'observed', 'command'] },
    reason: { type: 'string' },
  },
};

const LEDGER_SCHEMA = {
  type: 'object',
  required: ['v', 'ticks', 'escalations', 'completions', 'notes'],
  properties: {
    v: { const: 1 },
    plan: { type: 'object', required: ['version', 'tasks'], properties: { version: { const: 1 }, tasks: { type: 'array' } } },
    ticks: { type: 'array', items: TICK },
    escalations: {
      type: 'array',
      items: {
        type: 'object',
        required: ['task', 'level', 'at', 'notified'],
        properties: { task: { type: 'string' }, level: { type: 'integer' }, at: { type: 'string' }, notified: { type: 'array', items: { type: 'string' } } },
      },
    },
    completions: {
      type: 'array',
      items: { type: 'object', required: ['at', 'key'], properties: { at: { type: 'string' }, key: { type: 'string' } } },
    },
    notes: { type: 'array', items: { type: 'string' } },
    duplicates: { type: 'array', items: { type: 'integer' } },
    assigned: { type: 'array', items: { type: 'string' } },
    commands: {
      type: 'array',
      items: {
        type: 'object',
        required: ['comment', 'by', 'at', 'text', 'outcome', 'done'],
        properties: { comment: { type: 'integer' }, by: { type: 'string' }, at: { type: 'string' }, text: { type: 'string' }, outcome: { type: 'string' }, done: { type: 'boolean' } },
      },
    },
    overrides: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['state', 'reason', 'by', 'at', 'checked'],
        properties: { state: { const: 'na' }, reason: { type: 'string' }, by: { type: 'string' }, at: { type: 'string' }, checked: { type: 'boolean' } },
      },
    },
    cancelled: { type: 'object', required: ['at', 'by', 'reason'], properties: { at: { type: 'string' }, by: { type: 'string' }, reason: { type: 'string' } } },
    github: { type: 'object', required: ['org', 'login'], properties: { org: { type: 'string' }, login: { type: 'string' } } },
    employeeAccess: { type: 'object', required: ['permission', 'at'], properties: { permission: { type: 'string' }, at: { type: 'string' } } },
    seen: {
      type: 'object',
      required: ['body', 'labels', 'assignees', 'access', 'summary'],
      properties: {
        body: { type: 'string' },
        until: { type: 'string' },
        labels: { type: 'array', items: { type: 'string' } },
        assignees: { type: 'array', items: { type: 'string' } },
        access: { type: 'string' },
        summary: {
          type: 'object',
          required: ['done', 'na', 'total', 'percent', 'overdue', 'securityOverdue'],
          properties: {
            done: { type: 'integer' },
            na: { type: 'integer' },
            total: { type: 'integer' },
            percent: { type: 'integer' },
            overdue: { type: 'integer' },
            securityOverdue: { type: 'integer' },
            oldestOverdue: { type: 'string' },
            nextDeadline: { type: 'string' },
            nextDeadlineTask: { type: 'string' },
            nextDeadlineSecurity: { type: 'boolean' },
          },
        },
      },
    },
    automation: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['workflow'],
        properties: {
          workflow: { type: 'string' },
          dispatched: { type: 'object', required: ['at', 'ref'] },
          dispatchErrors: { type: 'array', items: { type: 'object', required: ['at', 'error'] } },
          runs: { type: 'array', items: { type: 'object', required: ['at', 'result', 'run', 'runId', 'evidence'] } },
        },
      },
    },
  },
};

const LEDGER = hiddenData<Ledger>('ledger', LEDGER_SCHEMA, 'the hidden ledger');

export function emptyLedger(plan?: Plan, duplicates?: readonly number[]): Ledger {
  return { v: 1, plan, ticks: [], escalations: [], completions: [], notes: [], ...(duplicates?.length ? { duplicates } : {}) };
}

/** The hidden line that carries the ledger. */
export function encodeLedger(ledger: Ledger): string {
  return LEDGER.encode(ledger);
}

export type LedgerRead =
  | { readonly status: 'ok'; readonly ledger: Ledger }
  | { readonly status: 'missing' }
  | { readonly status: 'damaged'; readonly reason: string };

/** Reads the ledger out of a status comment, validating its shape rather than trusting it. */
export function decodeLedger(commentBody: string): LedgerRead {
  const read = LEDGER.read(commentBody);
  return read.status === 'ok' ? { status: 'ok', ledger: read.value } : read;
}

/** The state each task was last recorded in. */
export function recordedStates(ledger: Ledger): Map<string, TickRecord> {
  const states = new Map<string, TickRecord>();
  for (const tick of ledger.ticks) states.set(tick.task, tick);
  return states;
}
