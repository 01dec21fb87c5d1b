/**
 * The tracker body written at intake: marker, summary, one section per phase with
 * a task-list line per task (each with its hidden id), the notes, the original
 * answers (escaped, collapsed) and the plan (hidden, base64). Everything a person
 * typed is neutralised, so it can never forge a task, a marker or a mention.
 */
import { MAX_BODY_LENGTH, MAX_TITLE_LENGTH } from '../domain/limits.js';
import { bareLogin, sameLogin } from '../domain/login.js';
import { CONFIRM_GITHUB_MARKER, phaseMarker, taskMarker, TRACKER_MARKER } from '../domain/markers.js';
import { formatInstant } from '../domain/time.js';
import type { Plan, PlannedPhase, PlannedTask } from '../domain/types.js';
import type { FormAnswers } from '../form/fields.js';
import { inline, mention, plainLine, plainLogin, preformatted, quote } from '../markdown/neutralise.js';
import { md, table } from '../markdown/table.js';
import { encodePlanComment } from './plan-codec.js';


const STANDARD_FIELDS = new Set(['employee-name', 'employee-login', 'department', 'manager', 'last-day', 'departure-type', 'assets', 'notes']);

export interface RenderTrackerOptions {
  /** Parsed answers keyed by field id; fields beyond the standard ones are shown in the summary. */
  readonly formAnswers?: FormAnswers;
  /** What intake noticed and a person should know (Markdown built from neutralised parts). */
  readonly warnings?: readonly string[];
}

/** The tracker's title: `Offboarding: <name> — last day <YYYY-MM-DD>`, one line, under 256 characters. */
export function trackerTitle(plan: Plan): string {
  const lastDay = plainLine(plan.request.lastDay, 20);
  const suffix = ` — last day ${lastDay}`;
  const prefix = 'Offboarding: ';
  const room = MAX_TITLE_LENGTH - 1 - prefix.length - suffix.length;
  return `${prefix}${plainLine(plan.request.employeeName, Math.max(10, room - 1))}${suffix}`;
}

/** An http(s) link as a markdown destination, or undefined for anything else. */
function safeHref(link: string | undefined): string | undefined {
  if (link === undefined) return undefined;
  try {
    const url = new URL(link);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.href.replace(/[()<>\s\\`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  } catch {
    return undefined;
  }
}

/** A person who should be notified, unless it is the departing employee (never mentioned). */
function personRef(login: string, plan: Plan): string {
  return sameLogin(login, plan.request.employeeLogin) ? plainLogin(login) : mention(bareLogin(login));
}

/** A task line's owners, as the tracker shows them (mentions, never the departing employee). */
export function ownersText(task: PlannedTask, plan: Plan): string {
  return task.ownerLogins.length > 0 ? task.ownerLogins.map((l) => personRef(l, plan)).join(' ') : '_no owner_';
}

/** A task line's deadline, as the tracker shows it. */
export function dueText(task: PlannedTask, plan: Plan): string {
  return `due ${formatInstant(task.due, plan.timezone)}`;
}

/** What a task line says between its checkbox and its hidden id. */
export function taskContent(task: PlannedTask, plan: Plan): string {
  const href = safeHref(task.link);
  return [
    `${task.security ? '🔒 ' : ''}${inline(task.title, 300)}`,
    ownersText(task, plan),
    `${dueText(task, plan)}${href !== undefined ? ` ([runbook](${href}))` : ''}`,
  ].join(' — ');
}

function taskLine(task: PlannedTask, plan: Plan): string {
  return `- [ ] ${taskContent(task, plan)} ${taskMarker(task.id)}`;
}

/** A phase's heading: its title and its earliest deadline (an involuntary departure's security tasks fall due first). */
export function phaseHeading(phase: PlannedPhase, tasks: readonly PlannedTask[], plan: Plan): string {
  const earliest = [phase.due, ...tasks.map((t) => t.due)].sort()[0] ?? phase.due;
  return `## ${inline(phase.title, 100)} — due ${formatInstant(earliest, plan.timezone)} ${phaseMarker(phase.id)}`;
}

/**
 * For a `github: remove` task: the account the action will remove, and the line a person with
 * write access (not the person leaving) ticks to confirm it. Not a task.
 */
function confirmLine(plan: Plan): string | undefined {
  const task = plan.tasks.find((t) => t.automation?.kind === 'github' && t.automation.mode === 'remove');
  const login = plan.request.employeeLogin;
  if (!task || !login) return undefined;
  return [
    `**GitHub account whose organisation access the action removes:** ${plainLogin(login)}${accountText(plan)}. Nothing is removed until someone with write access, not the person leaving, confirms it:`,
    '',
    `- [ ] This is the right account: remove its access when “${inline(task.title, 100)}” falls due ${CONFIRM_GITHUB_MARKER}`,
  ].join('\n');
}

/** The tracker's first visible line. */
export function headerLine(plan: Plan): string {
  return `**Offboarding: ${inline(plan.request.employeeName, 200)}** — last day ${inline(plan.request.lastDay, 20)}`;
}

/** The phases to show: the plan's, then any phase a task names that the plan lacks. */
export function sections(plan: Plan): { phase: PlannedPhase; tasks: PlannedTask[] }[] {
  const out = plan.phases.map((phase) => ({ phase, tasks: plan.tasks.filter((t) => t.phase === phase.id) }));
  const known = new Set(plan.phases.map((p) => p.id));
  for (const task of plan.tasks) {
    if (known.has(task.phase)) continue;
    const tasks = plan.tasks.filter((t) => t.phase === task.phase);
    const due = tasks.map((t) => t.due).sort().at(-1) ?? task.due;
    out.push({ phase: { id: task.phase, title: task.phase, due }, tasks });
    known.add(task.phase);
  }
  return out;
}

/** The account GitHub knows under the login, as looked up at intake: the one whose access is removed. */
function accountText(plan: Plan): string {
  const a = plan.account;
  return a ? ` — account ${a.id}${a.name ? `, ${inline(a.name, 80)}` : ''}` : '';
}

function summary(plan: Plan, formAnswers: FormAnswers | undefined): string {
  const r = plan.request;
  const rows: [string, string | ReturnType<typeof md>][] = [
    ['Employee', r.employeeName],
    ['GitHub login', r.employeeLogin ? md(`${plainLogin(r.employeeLogin)}${accountText(plan)} (not mentioned)`) : md('_not given_')],
    ['Department', r.department],
    ['Manager', md(personRef(r.manager, plan))],
    ['Last working day', r.lastDay],
    ['Departure type', r.departureType],
    ['Time zone', plan.timezone],
    ['Requested by', md(personRef(plan.requester, plan))],
  ];
  for (const [id, value] of Object.entries(formAnswers ?? {})) {
    if (STANDARD_FIELDS.has(id) || value === undefined || value.trim() === '') continue;
    rows.push([id, value]);
  }
  return table(['Detail', 'Value'], rows);
}

/** Everything except the original-answers block, from a (possibly shrunk) plan. */
function mainParts(plan: Plan, opts: RenderTrackerOptions): { head: string; tail: string } {
  const parts: string[] = [TRACKER_MARKER, headerLine(plan)];
  const warnings = opts.warnings ?? [];
  if (warnings.length > 0) parts.push(['> [!WARNING]', ...warnings.map((w) => `> - ${w.replace(/\n/g, ' ')}`)].join('\n'));
  parts.push(
    summary(plan, opts.formAnswers),
    'Tick each task when it is done. When a task does not apply, tick it and write `N/A: reason` in its line. '
      + 'Keep the hidden markers at the end of each line (visible when editing): they are how progress is tracked.',
  );
  const confirm = confirmLine(plan);
  if (confirm) parts.push(confirm);
  if (plan.unconfiguredOwners.length > 0) {
    parts.push(`Owners without configured people (their tasks went to the requester): ${plan.unconfiguredOwners.map((o) => inline(o, 60)).join(', ')}.`);
  }
  for (const { phase, tasks } of sections(plan)) {
    parts.push(phaseHeading(phase, tasks, plan), tasks.length > 0 ? tasks.map((t) => taskLine(t, plan)).join('\n') : '_No tasks._');
  }
  const notes = plan.request.notes?.trim();
  if (notes) parts.push('## Notes', quote(notes, 4000));
  return { head: parts.join('\n\n'), tail: encodePlanComment(plan) };
}

function cutText(text: string, max: number): string {
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max).join('')}…`;
}

/** The plan with every typed text capped at `cap` characters: the last resort for huge inputs. */
function shrinkPlan(plan: Plan, cap: number): Plan {
  const r = plan.request;
  return {
    ...plan,
    request: {
      ...r,
      employeeName: cutText(r.employeeName, cap),
      department: cutText(r.department, cap),
      assets: r.assets.map((a) => cutText(a, cap)),
      ...(r.notes !== undefined ? { notes: cutText(r.notes, cap * 4) } : {}),
    },
    tasks: plan.tasks.map((t) => ({
      ...t,
      title: cutText(t.title, cap),
      ...(t.asset !== undefined ? { asset: cutText(t.asset, cap) } : {}),
    })),
  };
}

/** The escaped original request, cut (with a note) to fit `budget` characters. */
function originalBlock(original: string, budget: number): string {
  const open = '<details><summary>Original request</summary>\n\n<pre>\n';
  const close = '\n</pre>\n\n</details>';
  const room = budget - open.length - close.length - 60;
  if (room <= 0) return budget > 80 ? '_The original request was too long to keep here._' : '';
  const points = Array.from(original.replace(/\r\n?/g, '\n').trim());
  let out = '';
  let used = 0;
  for (const point of points) {
    const escaped = preformatted(point);
    if (out.length + escaped.length > room) break;
    out += escaped;
    used++;
  }
  const cutNote = used < points.length ? `\n\n… (${points.length - used} characters cut to fit the issue)` : '';
  return `${open}${out}${cutNote}${close}`;
}

/**
 * Renders the tracker body. Always shorter than 65,536 characters: the original
 * answers are cut first (with a note); if the rest is still too long, typed texts
 * are capped. Throws only when the plan's tasks alone cannot fit.
 */
export function renderTracker(plan: Plan, originalBody: string, opts: RenderTrackerOptions = {}): string {
  const separators = 4;
  // People write in the tracker too (`N/A: reason` in a line, a task of their own): leave them room.
  const headroom = 8000;
  for (const cap of [Number.POSITIVE_INFINITY, 1000, 200, 80, 30]) {
    const shrunk = cap === Number.POSITIVE_INFINITY ? plan : shrinkPlan(plan, cap);
    const { head, tail } = mainParts(shrunk, opts);
    const budget = MAX_BODY_LENGTH - 1 - head.length - tail.length - separators - headroom;
    if (budget < 0) continue;
    const original = originalBlock(originalBody, budget);
    return original === '' ? `${head}\n\n${tail}` : `${head}\n\n${original}\n\n${tail}`;
  }
  throw new Error(`the tracker for this plan (${plan.tasks.length} tasks) cannot fit GitHub's ${MAX_BODY_LENGTH}-character issue body`);
}
