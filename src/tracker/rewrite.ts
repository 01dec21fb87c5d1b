/**
 * Rewriting a tracker body after a person's command (a new last day, new owners) without losing
 * anything a person did: only the lines the action wrote and that the change touches are edited —
 * a task line's owners and deadline, phase headings, the last day, the hidden plan. Every checkbox
 * state, every line a person added and every `N/A: reason` they typed stays as it is.
 */
import { phaseMarker, readTaskMarker, taskMarker } from '../domain/markers.js';
import type { Plan, PlannedTask } from '../domain/types.js';
import { dueText, headerLine, ownersText, phaseHeading, sections, taskContent } from './render.js';
import { encodePlanComment, PLAN_DATA } from './plan-codec.js';

const TASK_ITEM = /^(\s*(?:[-*+]|\d{1,9}[.)])\s+\[)( |x|X)(\]\s?)/;

function taskIdOf(line: string): string | undefined {
  const marker = /<!--\s*task:\S+?\s*-->/.exec(line)?.[0];
  return marker ? readTaskMarker(marker) : undefined;
}

/** One task line with the task's new owners and deadline; the checkbox and a person's words stay. */
function rewriteTaskLine(line: string, before: PlannedTask, after: PlannedTask, oldPlan: Plan, newPlan: Plan): string {
  const oldContent = taskContent(before, oldPlan);
  const newContent = taskContent(after, newPlan);
  if (oldContent === newContent) return line;
  if (line.includes(oldContent)) return line.replace(oldContent, newContent);
  // A person edited the line: change only the parts that are still as the action wrote them.
  return line.replace(ownersText(before, oldPlan), ownersText(after, newPlan)).replace(dueText(before, oldPlan), dueText(after, newPlan));
}

/** The body with `newPlan` shown in place of `oldPlan`. */
export function rewriteBody(body: string, oldPlan: Plan, newPlan: Plan): string {
  const oldTasks = new Map(oldPlan.tasks.map((t) => [t.id, t]));
  const newTasks = new Map(newPlan.tasks.map((t) => [t.id, t]));
  const headings = new Map(sections(newPlan).map(({ phase, tasks }) => [phaseMarker(phase.id), phaseHeading(phase, tasks, newPlan)]));
  const oldHeader = headerLine(oldPlan);
  const lines = body.split('\n').map((line) => {
    const id = taskIdOf(line);
    if (id !== undefined && TASK_ITEM.test(line)) {
      const before = oldTasks.get(id);
      const after = newTasks.get(id);
      return before && after ? rewriteTaskLine(line, before, after, oldPlan, newPlan) : line;
    }
    if (/^\s{0,3}#{1,6}\s/.test(line)) {
      for (const [marker, heading] of headings) if (line.includes(marker)) return heading;
      return line;
    }
    if (line === oldHeader) return headerLine(newPlan);
    if (line.startsWith(PLAN_DATA.prefix)) return encodePlanComment(newPlan);
    if (oldPlan.request.lastDay !== newPlan.request.lastDay && /^\|\s*Last working day\s*\|/.test(line)) {
      return line.replace(oldPlan.request.lastDay, newPlan.request.lastDay);
    }
    return line;
  });
  return lines.join('\n');
}

/** Task-list lines by task id. */
function taskLines(body: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of body.split('\n')) {
    const id = taskIdOf(line);
    if (id !== undefined && TASK_ITEM.test(line) && !out.has(id)) out.set(id, line);
  }
  return out;
}

function checkbox(line: string): string | undefined {
  return TASK_ITEM.exec(line)?.[2];
}

/**
 * A person's edit that the action's write overwrote (made between its read and its write), put
 * back onto the body as it stands now: each task's checkbox state and words as they left them
 * (with the action's new owners and deadline), and the lines they added.
 */
export function carryOver(base: string, theirs: string, onto: string, oldPlan: Plan, newPlan: Plan): string {
  const baseLines = taskLines(base);
  const theirLines = taskLines(theirs);
  const oldTasks = new Map(oldPlan.tasks.map((t) => [t.id, t]));
  const newTasks = new Map(newPlan.tasks.map((t) => [t.id, t]));
  const result = onto.split('\n').map((line) => {
    const id = taskIdOf(line);
    if (id === undefined || !TASK_ITEM.test(line)) return line;
    const was = baseLines.get(id);
    const theirLine = theirLines.get(id);
    if (was === undefined || theirLine === undefined || was === theirLine) return line;
    const before = oldTasks.get(id);
    const after = newTasks.get(id);
    const merged = before && after ? rewriteTaskLine(theirLine, before, after, oldPlan, newPlan) : theirLine;
    // Their words, our owners and deadline; if their line no longer carries the marker, keep ours with their tick.
    if (merged.includes(taskMarker(id))) return merged;
    const state = checkbox(theirLine);
    return state === undefined ? line : line.replace(TASK_ITEM, (_m, lead: string, _s: string, tail: string) => `${lead}${state}${tail}`);
  });
  // Lines they added: after the line they follow, if it is still there, else after the last task line.
  const baseSet = new Set(base.split('\n'));
  const theirAll = theirs.split('\n');
  for (let i = 0; i < theirAll.length; i++) {
    const line = theirAll[i] ?? '';
    if (baseSet.has(line) || taskIdOf(line) !== undefined || line.trim() === '') continue;
    const anchor = theirAll[i - 1];
    let at = anchor !== undefined ? result.indexOf(anchor) : -1;
    if (at < 0) at = result.map((l) => taskIdOf(l) !== undefined).lastIndexOf(true);
    if (result.includes(line)) continue;
    result.splice(at + 1, 0, line);
  }
  return result.join('\n');
}
