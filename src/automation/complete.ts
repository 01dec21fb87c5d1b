/** A run of the company's workflow reports back on its task (`command: complete`). */
import type { LabelSet } from '../domain/labels.js';
import { sameLogin, uniqueLogins } from '../domain/login.js';
import { noticeKey, noticeMarker } from '../domain/markers.js';
import type { TrackerSnapshot } from '../domain/types.js';
import type { Write } from '../domain/writes.js';
import type { AutomationRun } from '../ledger/ledger.js';
import { mention } from '../markdown/neutralise.js';
import { decideTracker } from '../update/decide.js';
import { begin, type StatusRestore } from '../update/steps.js';
import { failureNotice, recordRun, refuseCompletion, workflowOf, type Completion } from './workflow.js';

export interface CompletionInput {
  readonly snapshot: TrackerSnapshot;
  readonly repo: string;
  readonly completion: Completion;
  readonly now: Date;
  readonly labels: LabelSet;
  readonly statusRestore?: StatusRestore;
}

export type CompletionDecision = { readonly kind: 'refused'; readonly why: string } | { readonly kind: 'decided'; readonly writes: readonly Write[]; readonly outcome: string };

/** A safe link to the run: an http(s) URL, else none. */
function runLink(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href.replace(/[()<>\s]/g, encodeURIComponent) : '';
  } catch {
    return '';
  }
}

export function decideCompletion(input: CompletionInput): CompletionDecision {
  const { snapshot, completion, now } = input;
  const started = begin({ snapshot, now, labels: input.labels, statusRestore: input.statusRestore });
  if (started.kind === 'broken') return { kind: 'refused', why: `#${snapshot.number}: ${started.reason}` };
  if (started.kind === 'closed') return { kind: 'refused', why: `tracker #${snapshot.number} is closed: reopen it to record this run` };
  const { plan } = started.state;
  const why = refuseCompletion(input.repo, plan, completion);
  if (why) return { kind: 'refused', why };
  const task = plan.tasks.find((t) => t.id === completion.task);
  const workflow = workflowOf(task) ?? '';
  const run: AutomationRun = {
    at: now.toISOString(),
    result: completion.result,
    run: runLink(completion.runUrl),
    runId: completion.runId,
    evidence: completion.evidence.slice(0, 2000),
  };
  const decision = decideTracker({ snapshot, now, labels: input.labels, statusRestore: input.statusRestore, amend: (l) => recordRun(l, completion.task, workflow, run) });
  if (decision.kind !== 'decided') return { kind: 'refused', why: `#${snapshot.number}: the tracker cannot be read` };
  const writes: Write[] = [];
  // A failure is told to the task's owners, once per run.
  const key = `automation:${completion.task}:${completion.runId}`;
  if (completion.result === 'failure' && task && !snapshot.comments.some((c) => noticeKey(c.body) === key)) {
    const people = uniqueLogins(task.ownerLogins).filter((l) => !sameLogin(l, plan.request.employeeLogin));
    const body = `${noticeMarker(key)}\n${failureNotice(plan, task, run, (people.length > 0 ? people : [plan.requester]).map(mention))}`;
    writes.push({ kind: 'create-comment', issue: snapshot.number, purpose: 'notice', body });
  }
  writes.push(...decision.writes.filter((w) => w.kind !== 'dispatch-workflow' && w.kind !== 'remove-org-access'));
  return { kind: 'decided', writes, outcome: `${completion.task}: ${completion.result} recorded` };
}
