/**
 * Every hidden marker the action writes, and the only code that reads them back. Markers are HTML
 * comments: hidden when GitHub renders Markdown, returned verbatim by the API. Markers count only
 * in the action's own comments and in the tracker body it wrote (typed text is neutralised, so a
 * person cannot forge one through the form).
 */

/** Every marker comment the action writes starts so. */
export const MARKER_PREFIX = '<!-- offboarding:';

export const TRACKER_MARKER = '<!-- offboarding:tracker v1 -->';
export const STATUS_MARKER = '<!-- offboarding:status -->';
export const VALIDATION_MARKER = '<!-- offboarding:validation -->';
export const REPORT_MARKER = '<!-- offboarding:report -->';
export const UNAUTHORIZED_MARKER = '<!-- offboarding:unauthorized -->';
export const CONFIG_ERROR_MARKER = '<!-- offboarding:config-error -->';
export const DASHBOARD_MARKER = '<!-- offboarding:dashboard -->';
/** The tracker's line where a person confirms whose GitHub account is removed. */
export const CONFIRM_GITHUB_MARKER = '<!-- confirm:github -->';

const ESCALATION_PREFIX = '<!-- offboarding:escalation';

/** A task or phase id inside a marker: URL-encoded, so `-->` cannot occur. */
function encodeId(id: string): string {
  return encodeURIComponent(id);
}

function decodeId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** `<!-- task:ID -->` at the end of a task line. */
export function taskMarker(id: string): string {
  return `<!-- task:${encodeId(id)} -->`;
}

/** `<!-- phase:ID -->` at the end of a phase heading. */
export function phaseMarker(id: string): string {
  return `<!-- phase:${encodeId(id)} -->`;
}

const TASK = /^<!--\s*task:(\S+?)\s*-->$/;
const PHASE = /^<!--\s*phase:(\S+?)\s*-->$/;

/** The task id of one HTML node's text, if it is a task marker. */
export function readTaskMarker(html: string): string | undefined {
  const raw = TASK.exec(html.trim())?.[1];
  return raw === undefined ? undefined : decodeId(raw);
}

/** The phase id of one HTML node's text, if it is a phase marker. */
export function readPhaseMarker(html: string): string | undefined {
  const raw = PHASE.exec(html.trim())?.[1];
  return raw === undefined ? undefined : decodeId(raw);
}

export function isConfirmMarker(html: string): boolean {
  return html.trim() === CONFIRM_GITHUB_MARKER;
}

/** `task@level`: one rung of one task's ladder. */
export function escalationKey(task: string, level: number): string {
  return `${task}@${level}`;
}

export function parseEscalationKey(key: string): { task: string; level: number } {
  const at = key.lastIndexOf('@');
  return { task: key.slice(0, at), level: Number(key.slice(at + 1)) };
}

/** The first line of an escalation comment: the keys it posts. */
export function escalationMarker(keys: readonly string[]): string {
  return `${ESCALATION_PREFIX} ${keys.join(' ')} -->`;
}

/** The keys an escalation comment posted. */
export function escalationKeys(body: string): string[] {
  const start = body.indexOf(ESCALATION_PREFIX);
  if (start < 0) return [];
  const end = body.indexOf('-->', start);
  if (end < 0) return [];
  return body
    .slice(start + ESCALATION_PREFIX.length, end)
    .trim()
    .split(/\s+/)
    .filter((key) => /^[\w:.-]+@-?\d+$/.test(key));
}

/** The report's first line: marker, completion key, and which part of how many. */
export function reportMarker(key: string, part = 1, parts = 1): string {
  return `${REPORT_MARKER}<!-- offboarding:report-key ${key}${parts > 1 ? ` part ${part}/${parts}` : ''} -->`;
}

/** The completion key of a report comment, if it is one. */
export function reportKey(body: string): string | undefined {
  if (!body.includes(REPORT_MARKER)) return undefined;
  return /<!-- offboarding:report-key ([A-Za-z0-9]+)(?: part \d+\/\d+)? -->/.exec(body)?.[1];
}

/** Which part of the report a comment is (1 when it is not split). */
export function reportPart(body: string): { part: number; parts: number } {
  const match = /<!-- offboarding:report-key [A-Za-z0-9]+ part (\d+)\/(\d+) -->/.exec(body);
  return match ? { part: Number(match[1]), parts: Number(match[2]) } : { part: 1, parts: 1 };
}

/** The action's reply to a command comment: names the comment it answers, so a rerun finds it. */
export function replyMarker(commentId: number): string {
  return `<!-- offboarding:reply ${commentId} -->`;
}

export function repliedTo(body: string): number | undefined {
  const match = /<!-- offboarding:reply (\d+) -->/.exec(body);
  return match ? Number(match[1]) : undefined;
}

/** A notice the action posts to a tracker once (e.g. a failed automated completion), by its key. */
export function noticeMarker(key: string): string {
  return `<!-- offboarding:notice ${key} -->`;
}

export function noticeKey(body: string): string | undefined {
  return /<!-- offboarding:notice (\S+) -->/.exec(body)?.[1];
}

/** Whether a comment carries any of the action's markers (other comments are of no interest). */
export function hasActionMarker(body: string): boolean {
  return body.includes(MARKER_PREFIX);
}
