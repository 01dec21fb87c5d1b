/**
 * Drives one offboarding through the pure core on a fixed clock, the way the shell would: the form
 * through intake, then each scripted event (an edit of the body, a sweep, a command) through
 * `decideTracker` / `decideCommand`, applying every write to a simulated snapshot as GitHub would.
 * What comes out is what people read: the tracker body, the status comment, the report parts.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultChecklist, loadChecklist } from '../../src/checklist/index.js';
import { decideCommand } from '../../src/commands/decide.js';
import { parseCommand } from '../../src/commands/parse.js';
import { labelSet } from '../../src/domain/labels.js';
import { sameLogin } from '../../src/domain/login.js';
import { STATUS_MARKER } from '../../src/domain/markers.js';
import type { ActionComment, Checklist, TrackerEvent, TrackerSnapshot } from '../../src/domain/types.js';
import type { CommentPurpose, Write } from '../../src/domain/writes.js';
import { parseForm } from '../../src/form/parse.js';
import { validateForm } from '../../src/form/validate.js';
import { decideIntake } from '../../src/intake/decide.js';
import type { BodyRevision } from '../../src/ledger/attribution.js';
import type { FinalReport } from '../../src/report/build.js';
import { decideTracker, type TrackerDecision, type TrackerInput } from '../../src/update/decide.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const LABELS = labelSet('offboarding');
const BOT = 'github-actions[bot]';

/** A repository permission, as the shell reads it for the person leaving. */
export type Permission = 'none' | 'read' | 'triage' | 'write' | 'maintain' | 'admin';

/** One thing that happens to the tracker, at `at` (also the run's `now`). */
export type ScenarioEvent =
  | {
      readonly do: 'tick';
      readonly at: string;
      readonly by: string;
      /** Task ids whose boxes this one edit of the body ticks. */
      readonly tasks: readonly string[];
      /** `task id → reason`: the box is ticked and `— N/A: reason` written in its line. */
      readonly na?: Readonly<Record<string, string>>;
      /** The edit's `edited` run never happened (an Actions outage): a later sweep finds it. */
      readonly noRun?: boolean;
    }
  | { readonly do: 'sweep'; readonly at: string; readonly leaverAccess?: Permission }
  | { readonly do: 'command'; readonly at: string; readonly by: string; readonly text: string };

/** What `input.json` describes: who files what, with which checklist, and what happens then. */
export interface ScenarioInput {
  readonly about: string;
  /** `default` (built in), `example` (examples/.github/offboarding.yml) or a file in the case folder. */
  readonly checklist: string;
  readonly issue: number;
  readonly filedBy: string;
  readonly filedAt: string;
  readonly title: string;
  /** The action's `timezone` input; the checklist's own wins. */
  readonly timezone?: string;
  /** The leaver's GitHub account as looked up at intake. */
  readonly account?: { readonly id: number; readonly name?: string };
  /** The leaver's permission on the repository at intake. */
  readonly leaverAccess?: Permission;
  readonly events: readonly ScenarioEvent[];
  /** What must hold at the end (checked by the test, not compared as text). */
  readonly expect: {
    readonly state: 'open' | 'closed';
    readonly reason?: 'completed' | 'not_planned';
    /** Escalations posted after tasks fell due (reminders not counted). */
    readonly escalations?: number;
    /** Reminders posted before tasks fell due. */
    readonly reminders?: number;
    readonly na?: number;
    readonly minReportParts?: number;
  };
}

/** Everything a case renders. */
export interface ScenarioOutput {
  readonly tracker: string;
  readonly status: string;
  /** The action's other comments (escalations, replies), in order. */
  readonly comments: readonly { readonly purpose: CommentPurpose; readonly body: string }[];
  readonly reports: readonly string[];
  readonly report?: FinalReport;
  readonly state: 'open' | 'closed';
  readonly closeReason?: 'completed' | 'not_planned';
}

interface Posted extends ActionComment {
  readonly purpose: CommentPurpose;
}

/** The simulated issue: GitHub's side of every write. */
interface Sim {
  snapshot: TrackerSnapshot;
  comments: Posted[];
  /** Body revisions for the edit history, oldest first. */
  revisions: BodyRevision[];
  closeReason?: 'completed' | 'not_planned';
  nextId: number;
  report?: FinalReport;
}

export function readInput(dir: string): ScenarioInput {
  return JSON.parse(readFileSync(join(dir, 'input.json'), 'utf8')) as ScenarioInput;
}

function checklistFor(dir: string, name: string): Checklist {
  if (name === 'default') return defaultChecklist();
  const file = name === 'example' ? join(ROOT, 'examples', '.github', 'offboarding.yml') : join(dir, name);
  return loadChecklist(readFileSync(file, 'utf8'), name === 'example' ? '.github/offboarding.yml' : name);
}

/** Ticks the boxes of `tasks` in one edit, writing `— N/A: reason` before the marker where given. */
export function tickBody(body: string, tasks: readonly string[], na: Readonly<Record<string, string>> = {}): string {
  const found = new Set<string>();
  const out = body
    .split('\n')
    .map((line) => {
      const id = /<!-- task:(\S+) -->/.exec(line)?.[1];
      if (id === undefined || !tasks.includes(id)) return line;
      found.add(id);
      let next = line.replace(/^(\s*[-*+] )\[ \]/, '$1[x]');
      const reason = na[id];
      if (reason !== undefined) next = next.replace(/ <!-- task:/, ` — N/A: ${reason} <!-- task:`);
      return next;
    })
    .join('\n');
  const missing = tasks.filter((t) => !found.has(t));
  if (missing.length > 0) throw new Error(`no line for task(s) ${missing.join(', ')} in the tracker`);
  return out;
}

function view(sim: Sim): TrackerSnapshot {
  return { ...sim.snapshot, comments: sim.comments.map(({ purpose: _purpose, ...c }) => c) };
}

/** Applies writes as GitHub would; anything the simulation does not model fails loudly. */
function apply(sim: Sim, writes: readonly Write[], at: string): void {
  for (const w of writes) {
    switch (w.kind) {
      case 'convert-issue':
        sim.snapshot = { ...sim.snapshot, title: w.title, body: w.body };
        sim.revisions.push({ editedAt: at, editor: BOT, editorIsBot: true, body: w.body });
        break;
      case 'create-comment':
        sim.comments.push({ id: sim.nextId++, body: w.body, createdAt: at, author: { login: BOT, bot: true }, purpose: w.purpose });
        break;
      case 'update-comment':
        sim.comments = sim.comments.map((c) => (c.id === w.commentId ? { ...c, body: w.body } : c));
        break;
      case 'add-labels': {
        const have = new Set(sim.snapshot.labels.map((l) => l.toLowerCase()));
        sim.snapshot = { ...sim.snapshot, labels: [...sim.snapshot.labels, ...w.labels.filter((l) => !have.has(l.toLowerCase()))] };
        break;
      }
      case 'remove-label':
        sim.snapshot = { ...sim.snapshot, labels: sim.snapshot.labels.filter((l) => l.toLowerCase() !== w.label.toLowerCase()) };
        break;
      case 'add-assignees':
        sim.snapshot = { ...sim.snapshot, assignees: [...(sim.snapshot.assignees ?? []), ...w.assignees] };
        break;
      case 'remove-assignees':
        sim.snapshot = { ...sim.snapshot, assignees: (sim.snapshot.assignees ?? []).filter((a) => !w.assignees.some((r) => sameLogin(r, a))) };
        break;
      case 'close-issue':
        sim.snapshot = { ...sim.snapshot, state: 'closed' };
        sim.closeReason = w.reason ?? 'completed';
        break;
      case 'add-reaction':
      case 'create-label':
        break;
      default:
        throw new Error(`the rendered-output simulation does not model a ${w.kind} write`);
    }
  }
}

/** One tracker decision, with the edit history supplied when it asks for it (as the shell does). */
function track(sim: Sim, input: Omit<TrackerInput, 'snapshot' | 'labels'>): Extract<TrackerDecision, { kind: 'decided' }> {
  const base: TrackerInput = { ...input, snapshot: view(sim), labels: LABELS };
  let decision = decideTracker(base);
  if (decision.kind === 'needs-history') decision = decideTracker({ ...base, history: sim.revisions });
  if (decision.kind !== 'decided') throw new Error(`#${sim.snapshot.number} at ${input.now.toISOString()}: ${decision.kind}`);
  return decision;
}

function access(permission: Permission | undefined, at: string): { employeeAccess?: { permission: string; at: string } } {
  return permission === undefined ? {} : { employeeAccess: { permission, at: new Date(at).toISOString() } };
}

/** Runs the case in `dir` (its `input.json`, `issue.md` and checklist) and returns what it renders. */
export function runScenario(dir: string): ScenarioOutput {
  const input = readInput(dir);
  const checklist = checklistFor(dir, input.checklist);
  const timezone = checklist.timezone ?? input.timezone ?? 'UTC';
  const issueBody = readFileSync(join(dir, 'issue.md'), 'utf8');
  const filedAt = new Date(input.filedAt);
  const sim: Sim = {
    snapshot: {
      number: input.issue,
      title: input.title,
      body: issueBody,
      state: 'open',
      createdAt: filedAt.toISOString(),
      author: input.filedBy,
      labels: [LABELS.base],
      assignees: [],
      comments: [],
    },
    comments: [],
    revisions: [],
    nextId: 5000,
  };

  const answers = parseForm(issueBody);
  const validation = validateForm(answers, { now: filedAt, timeZone: timezone, managerAssignable: true, employeeExists: true, exampleFrom: filedAt });
  if (!validation.request) throw new Error(`the case's form does not validate: ${validation.problems.map((p) => p.message).join('; ')}`);
  const login = validation.request.employeeLogin;
  const intake = decideIntake({
    snapshot: view(sim),
    authorised: true,
    checklist,
    answers,
    validation,
    assignable: new Map(),
    duplicates: [],
    ...(input.account && login ? { account: { login, id: input.account.id, ...(input.account.name ? { name: input.account.name } : {}) } } : {}),
    ...access(input.leaverAccess, input.filedAt),
    now: filedAt,
    timezone,
    labels: LABELS,
  });
  if (intake.outcome !== 'converted') throw new Error(`intake did not convert the request: ${intake.outcome}`);
  apply(sim, intake.writes, filedAt.toISOString());
  const tracker = sim.snapshot.body;

  for (const event of input.events) {
    if (sim.snapshot.state === 'closed') throw new Error(`an event at ${event.at} comes after the tracker was closed`);
    const at = new Date(event.at).toISOString();
    const now = new Date(at);
    if (event.do === 'tick') {
      const from = sim.snapshot.body;
      const to = tickBody(from, event.tasks, event.na);
      sim.snapshot = { ...sim.snapshot, body: to, bodyEditedAt: at };
      sim.revisions.push({ editedAt: at, editor: event.by, body: to });
      if (event.noRun) continue;
      const edited: TrackerEvent = { kind: 'edited', from, to, sender: event.by, at };
      const decision = track(sim, { now, event: edited });
      keep(sim, decision);
      apply(sim, decision.writes, at);
    } else if (event.do === 'sweep') {
      const decision = track(sim, { now, ...access(event.leaverAccess, at) });
      keep(sim, decision);
      apply(sim, decision.writes, at);
    } else {
      const parsed = parseCommand(event.text);
      if (!parsed) throw new Error(`"${event.text}" is not a command`);
      const comment = { id: sim.nextId++, author: event.by, at };
      const leaving = sameLogin(event.by, login);
      const base = { snapshot: view(sim), comment, parsed, authorised: !leaving, now, labels: LABELS };
      let decision = decideCommand(base);
      if (decision.kind === 'needs-history') decision = decideCommand({ ...base, history: sim.revisions });
      if (decision.kind !== 'decided') throw new Error(`the command at ${at} was not carried out: ${decision.kind}`);
      apply(sim, decision.writes, at);
    }
  }

  const status = sim.comments.find((c) => c.body.includes(STATUS_MARKER));
  if (!status) throw new Error('no status comment was posted');
  return {
    tracker,
    status: status.body,
    comments: sim.comments.filter((c) => c.purpose !== 'status' && c.purpose !== 'report').map((c) => ({ purpose: c.purpose, body: c.body })),
    reports: sim.comments.filter((c) => c.purpose === 'report').map((c) => c.body),
    ...(sim.report ? { report: sim.report } : {}),
    state: sim.snapshot.state,
    ...(sim.closeReason ? { closeReason: sim.closeReason } : {}),
  };
}

function keep(sim: Sim, decision: Extract<TrackerDecision, { kind: 'decided' }>): void {
  if (decision.report) sim.report = decision.report;
}
