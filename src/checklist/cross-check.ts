import { isRecord } from '../domain/codec.js';
import { isTimeZone } from '../domain/time.js';
import type { FieldDef } from '../form/fields.js';
import { addOffset, phaseDue } from '../plan/due.js';
import { parseOffset } from './offset.js';
import type { Path } from './problems.js';

/**
 * Rules a JSON Schema cannot express: references between keys, duplicates, time zones.
 *
 * Runs on the merged checklist (the file over the built-in default) even when the schema
 * already found problems, so that one run reports everything; every access is guarded.
 */

export interface Report {
  (
    path: Path,
    message: string,
    options?: {
      atKey?: boolean;
      /** Worth knowing, but the checklist still works. */
      warning?: boolean;
      /**
       * Where to point instead when the built-in default made the reference: it can only
       * break because the file replaced `blame`; `missing` is the reference that broke.
       */
      blame?: { path: Path; missing: string };
    },
  ): void;
}

/** Owner keys appear in tracker text and status comments: keep them plain. */
const OWNER_KEY = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,49}$/;
/** Tasks generated from the form's asset lines use these ids. */
const ASSET_ID = /^asset-(?:\d+|more)$/;
const DEPARTURE_TYPES = ['Voluntary', 'Involuntary'];

/**
 * Checks the merged checklist value. A reference made by the built-in default can only break
 * because the file replaced what it refers to, so such problems name `blame` (what the file set).
 */
export interface CrossCheckContext {
  /** The form's fields, for the options a `when` value must match. */
  readonly fields?: readonly FieldDef[];
  /** Whether the file itself set what `path` points into (and not the built-in default). */
  readonly setByFile: (path: Path) => boolean;
  /** The built-in default's task ids. */
  readonly builtInTaskIds: readonly string[];
}

export function crossCheck(merged: Record<string, unknown>, context: CrossCheckContext, report: Report): void {
  checkTimezone(merged['timezone'], report);
  const owners = checkOwners(merged['owners'], report);
  const phases = checkPhases(merged['phases'], report);
  checkTasks(merged['tasks'], phases, owners, context, report);
  checkAssets(merged['assets'], phases, owners, report);
  checkUnusedOwners(merged, context, report);
  checkPhaseOrder(merged['phases'], report);
  checkLadders(merged['escalation'], report);
  checkReplacedTasks(merged['tasks'], context, report);
}

function checkTimezone(value: unknown, report: Report): void {
  if (typeof value !== 'string') return;
  if (!isTimeZone(value)) {
    report(
      ['timezone'],
      `unknown time zone "${value}"; expected an IANA time zone name such as Europe/Berlin, America/New_York or UTC`,
    );
  }
}

/** Returns the declared owner keys, or `undefined` when `owners` is not a mapping. */
function checkOwners(value: unknown, report: Report): string[] | undefined {
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  for (const key of keys) {
    if (key.toLowerCase() === 'manager') {
      report(
        ['owners', key],
        `"${key}" cannot be declared under owners: manager is built in and means the manager named in the form; remove it, or pick another key`,
        { atKey: true },
      );
    } else if (!OWNER_KEY.test(key)) {
      report(
        ['owners', key],
        `"${key}" is not a valid owner key; expected letters, digits, spaces, dots, underscores or hyphens, starting with a letter or digit, at most 50 characters`,
        { atKey: true },
      );
    }
  }
  return keys.filter((key) => key.toLowerCase() !== 'manager');
}

/** Returns the declared phase ids, or `undefined` when `phases` is not a list. */
function checkPhases(value: unknown, report: Report): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  checkUniqueIds(value, 'phases', 'phase', report);
  const ids = value.flatMap((phase) => (isRecord(phase) && typeof phase['id'] === 'string' ? [phase['id']] : []));
  return [...new Set(ids)];
}

function checkTasks(
  value: unknown,
  phases: string[] | undefined,
  owners: string[] | undefined,
  context: CrossCheckContext,
  report: Report,
): void {
  if (!Array.isArray(value)) return;
  checkUniqueIds(value, 'tasks', 'task', report);
  value.forEach((task, index) => {
    if (!isRecord(task)) return;
    const id = task['id'];
    const what = typeof id === 'string' ? `task "${id}"` : `task ${index + 1}`;
    if (typeof id === 'string' && ASSET_ID.test(id)) {
      report(
        ['tasks', index, 'id'],
        `"${id}" is reserved for the tasks generated from the form's asset lines; pick another task id`,
      );
    }
    checkPhaseRef(task['phase'], ['tasks', index, 'phase'], what, phases, report);
    checkOwnerRef(task['owner'], ['tasks', index, 'owner'], what, owners, report);
    if (task['workflow'] !== undefined && task['github'] !== undefined) {
      report(['tasks', index, 'github'], `${what} sets both workflow and github; a task is automated one way: keep one of them`);
    }
    const when = task['when'];
    if (isRecord(when)) checkWhenOptions(when, ['tasks', index, 'when'], what, context, report);
    if (isRecord(when) && Array.isArray(when['departure-type'])) {
      when['departure-type'].forEach((type: unknown, i: number) => {
        if (typeof type === 'string' && !DEPARTURE_TYPES.some((t) => t.toLowerCase() === type.trim().toLowerCase())) {
          report(
            ['tasks', index, 'when', 'departure-type', i],
            `"${type}" never matches a request; departure-type is one of ${DEPARTURE_TYPES.join(', ')}`,
          );
        }
      });
    }
  });
}

function checkAssets(
  value: unknown,
  phases: string[] | undefined,
  owners: string[] | undefined,
  report: Report,
): void {
  if (!isRecord(value)) return;
  checkPhaseRef(value['phase'], ['assets', 'phase'], 'assets', phases, report);
  checkOwnerRef(value['owner'], ['assets', 'owner'], 'assets', owners, report);
}

function checkUniqueIds(items: unknown[], section: string, what: string, report: Report): void {
  const first = new Map<string, number>();
  items.forEach((item, index) => {
    if (!isRecord(item) || typeof item['id'] !== 'string') return;
    const id = item['id'];
    const earlier = first.get(id);
    if (earlier === undefined) {
      first.set(id, index);
    } else {
      report(
        [section, index, 'id'],
        `duplicate ${what} id "${id}" (already used by ${section}[${earlier}]); ${what} ids must be unique`,
      );
    }
  });
}

function checkPhaseRef(
  value: unknown,
  path: Path,
  what: string,
  phases: string[] | undefined,
  report: Report,
): void {
  if (typeof value !== 'string' || phases === undefined || phases.includes(value)) return;
  report(
    path,
    `${what} uses phase "${value}"${suggest(value, phases)}, which is not declared under phases; expected one of ${phases.join(', ')}`,
    { blame: { path: ['phases'], missing: value } },
  );
}

function checkOwnerRef(
  value: unknown,
  path: Path,
  what: string,
  owners: string[] | undefined,
  report: Report,
): void {
  if (typeof value !== 'string' || owners === undefined) return;
  if (value === 'manager' || owners.includes(value)) return;
  report(
    path,
    `${what} names owner "${value}"${suggest(value, [...owners, 'manager'])}, which is not declared under owners; expected one of ${[...owners, 'manager'].join(', ')} (declare a new owner under owners first)`,
    { blame: { path: ['owners'], missing: value } },
  );
}

/** `when` values of dropdown fields must be options of the form, or the task never appears. */
function checkWhenOptions(when: Record<string, unknown>, path: Path, what: string, context: CrossCheckContext, report: Report): void {
  for (const [field, values] of Object.entries(when)) {
    if (field === 'departure-type' || !Array.isArray(values)) continue;
    const options = context.fields?.find((f) => f.id === field && f.kind === 'dropdown')?.options;
    if (!options || options.length === 0) continue;
    values.forEach((raw: unknown, i: number) => {
      if (typeof raw !== 'string' || options.some((o) => o.toLowerCase() === raw.trim().toLowerCase())) return;
      const hint = suggest(raw, options);
      report(
        [...path, field, i],
        `${what}: "${raw}" is not an option of the form's ${field} dropdown${hint}, so the task never appears; the options are ${options.join(', ')}`,
        { warning: hint === '' },
      );
    });
  }
}

/** Owner keys the file declares but no task uses: a typo (an error) when close to a key tasks use. */
function checkUnusedOwners(merged: Record<string, unknown>, context: CrossCheckContext, report: Report): void {
  const owners = merged['owners'];
  const tasks = merged['tasks'];
  if (!isRecord(owners) || !Array.isArray(tasks)) return;
  const used = new Set(tasks.flatMap((t) => (isRecord(t) && typeof t['owner'] === 'string' ? [t['owner']] : [])));
  const assets = merged['assets'];
  if (isRecord(assets) && typeof assets['owner'] === 'string') used.add(assets['owner']);
  for (const key of Object.keys(owners)) {
    if (used.has(key) || key.toLowerCase() === 'manager' || !context.setByFile(['owners', key])) continue;
    const hint = suggest(key, [...used].filter((u) => u !== key));
    report(
      ['owners', key],
      hint
        ? `owner "${key}" is declared but no task uses it${hint}; its logins and escalate-to reach nobody`
        : `owner "${key}" is declared but no task uses it`,
      { atKey: true, warning: hint === '' },
    );
  }
}

/** A reference last day (a Wednesday) to compare offsets on. */
const REFERENCE_DAY = '2026-01-07';

function dueOf(raw: unknown): number | undefined {
  const offset = typeof raw === 'string' ? parseOffset(raw) : undefined;
  return offset ? phaseDue(REFERENCE_DAY, offset, 'UTC').getTime() : undefined;
}

/** Phases are listed in order: a deadline earlier than the phase before it is likely a mistake. */
function checkPhaseOrder(value: unknown, report: Report): void {
  if (!Array.isArray(value)) return;
  let previous: { due: number; id: string } | undefined;
  value.forEach((phase, index) => {
    if (!isRecord(phase)) return;
    const due = dueOf(phase['due']);
    if (due === undefined) return;
    if (previous && due < previous.due) {
      report(['phases', index, 'due'], `phase "${String(phase['id'])}" (${String(phase['due'])}) falls due before the phase above it, "${previous.id}"; phases are listed from the first deadline to the last`, { warning: true });
    }
    previous = { due, id: String(phase['id']) };
  });
}

/** Each ladder climbs: every level comes later than the one before it. */
function checkLadders(value: unknown, report: Report): void {
  if (!isRecord(value)) return;
  const start = new Date(`${REFERENCE_DAY}T12:00:00Z`);
  for (const ladder of ['default', 'security']) {
    const levels = value[ladder];
    if (!Array.isArray(levels)) continue;
    let previous: number | undefined;
    levels.forEach((level, index) => {
      const offset = isRecord(level) && typeof level['after'] === 'string' ? parseOffset(level['after']) : undefined;
      if (!offset) return;
      const at = addOffset(start, offset, 'UTC').getTime();
      if (previous !== undefined && at <= previous) {
        report(['escalation', ladder, index, 'after'], `level ${index + 1} (after ${offset.text}) does not come after the level above it; list the levels from the earliest to the latest`, { warning: true });
      }
      previous = at;
    });
  }
}

/** A file's own `tasks` list replaces the built-in one: say which built-in tasks that drops. */
function checkReplacedTasks(value: unknown, context: CrossCheckContext, report: Report): void {
  if (!Array.isArray(value) || !context.setByFile(['tasks']) || context.builtInTaskIds.length === 0) return;
  const ids = new Set(value.flatMap((t) => (isRecord(t) && typeof t['id'] === 'string' ? [t['id']] : [])));
  const dropped = context.builtInTaskIds.filter((id) => !ids.has(id));
  if (dropped.length === 0) return;
  report(
    ['tasks'],
    `this list replaces the built-in checklist's ${context.builtInTaskIds.length} tasks and drops ${dropped.length} of them (${dropped.join(', ')}); copy the ones you still want from checklists/default.yml`,
    { atKey: true, warning: true },
  );
}

/** ` (did you mean "X"?)` when a candidate differs only by case or a small typo. */
export function suggest(value: string, candidates: readonly string[]): string {
  const lower = value.toLowerCase();
  const best = candidates
    .map((candidate) => ({ candidate, distance: editDistance(lower, candidate.toLowerCase()) }))
    .filter(({ distance }) => distance <= Math.max(1, Math.floor(value.length / 4)))
    .sort((a, b) => a.distance - b.distance)[0];
  return best ? ` (did you mean "${best.candidate}"?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
