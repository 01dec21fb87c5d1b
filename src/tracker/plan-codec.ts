/**
 * The plan stored inside the tracker as a hidden comment:
 * `<!-- offboarding:plan BASE64(JSON(plan)) -->`. Base64 keeps any typed text in
 * the plan from forming markdown or closing the comment early.
 */
import type { Plan } from '../domain.js';

export const PLAN_COMMENT_PREFIX = '<!-- offboarding:plan ';
const PLAN_COMMENT = /^<!-- offboarding:plan ([A-Za-z0-9+/]+={0,2}) -->$/;

/** The hidden comment that carries the plan. */
export function encodePlanComment(plan: Plan): string {
  return `${PLAN_COMMENT_PREFIX}${Buffer.from(JSON.stringify(plan), 'utf8').toString('base64')} -->`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

/** Enough of the shape that code reading a plan will not trip on it. */
function looksLikePlan(value: unknown): value is Plan {
  if (!isRecord(value) || value['version'] !== 1) return false;
  const request = value['request'];
  if (!isRecord(request) || !isString(request['employeeName']) || !isString(request['manager']) || !isString(request['lastDay'])) return false;
  if (!Array.isArray(value['unconfiguredOwners'])) return false;
  if (!Array.isArray(request['assets']) || !isString(value['timezone']) || !isString(value['requester']) || !isString(value['intakeAt'])) return false;
  const phases = value['phases'];
  const tasks = value['tasks'];
  if (!Array.isArray(phases) || !phases.every((p) => isRecord(p) && isString(p['id']) && isString(p['title']) && isString(p['due']))) return false;
  if (!Array.isArray(tasks)) return false;
  const tasksOk = tasks.every(
    (t) => isRecord(t) && isString(t['id']) && isString(t['title']) && isString(t['phase']) && isString(t['due'])
      && Array.isArray(t['ownerLogins']) && t['ownerLogins'].every(isString) && typeof t['security'] === 'boolean',
  );
  const escalation = value['escalation'];
  return tasksOk && isRecord(escalation) && Array.isArray(escalation['default']) && Array.isArray(escalation['security']);
}

/**
 * Decodes the plan from the exact text of a hidden comment. Returns undefined for
 * anything else (wrong shape, bad base64, bad JSON) — never throws.
 */
export function decodePlanComment(comment: string): Plan | undefined {
  const match = PLAN_COMMENT.exec(comment.trim());
  if (!match?.[1]) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(match[1], 'base64').toString('utf8'));
    return looksLikePlan(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
