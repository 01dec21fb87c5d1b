import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isScalar, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type {
  Checklist,
  EscalationLevel,
  NotifyTarget,
  Offset,
  Owner,
  Phase,
  TaskTemplate,
} from '../domain/types.js';
import { isRecord } from '../domain/codec.js';
import { uniqueLogins } from '../domain/login.js';
import { crossCheck, suggest } from './cross-check.js';
import { DEFAULT_CHECKLIST_YAML } from './default-text.js';
import { parseHours } from './hours.js';
import { parseOffset } from './offset.js';
import type { FieldDef } from '../form/fields.js';
import { ChecklistError, formatProblem, keyOf, locate, type ChecklistProblem, type Path } from './problems.js';
import { CHECKLIST_SCHEMA } from './schema.js';

/** Where the built-in default lives in this repository, for its (never expected) problems. */
const DEFAULT_FILE = 'checklists/default.yml';

/** Top-level sections that merge key by key with the default's instead of replacing it. */
const MERGED_SECTIONS = ['owners', 'assets', 'involuntary', 'escalation'] as const;

/** The checklist as written in YAML, once the schema has accepted it. */
interface RawChecklist {
  timezone?: string;
  requesters: string[];
  owners: Record<string, RawOwner | null>;
  phases: { id: string; title: string; due: string }[];
  tasks: RawTask[];
  assets: { phase: string; owner: string };
  involuntary: { 'security-grace': string };
  escalation: { default: RawLevel[]; security: RawLevel[]; hours?: { days: string | string[]; from: string; to: string } };
}
interface RawOwner {
  logins?: string[];
  'escalate-to'?: string[];
}
interface RawTask {
  id: string;
  title: string;
  phase: string;
  owner: string;
  security?: boolean;
  link?: string;
  when?: Record<string, string[]>;
  controls?: string[];
  strict?: boolean;
  workflow?: string;
  github?: 'remove' | 'verify';
}
interface RawLevel {
  after: string;
  notify: NotifyTarget[];
}

interface Parsed {
  readonly file: string;
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  /** The file's value; `{}` for an empty file. */
  readonly value: unknown;
}

let validator: ValidateFunction | undefined;
let cachedDefault: { raw: Record<string, unknown>; checklist: Checklist } | undefined;

/**
 * Parses and validates a checklist file. Keys the file omits keep the built-in default's
 * value; `owners`, `assets`, `involuntary` and `escalation` merge key by key with it.
 *
 * @param text the file's content (an empty file means "the default")
 * @param file the path to name in problems, e.g. `.github/offboarding.yml`
 * @throws ChecklistError listing every problem, each with file, line, column and key
 */
export function loadChecklist(text: string, file: string, options: LoadOptions = {}): Checklist {
  const base = loadDefault().raw;
  return build(parse(text, file), base, file, options);
}

export interface LoadOptions {
  /** The form's fields (the repository's issue form, else the shipped one): `when` values are checked against their options. */
  readonly fields?: readonly FieldDef[];
}

/** The built-in checklist (`checklists/default.yml`, embedded at build time), parsed once. */
export function defaultChecklist(): Checklist {
  return loadDefault().checklist;
}

function loadDefault(): { raw: Record<string, unknown>; checklist: Checklist } {
  if (!cachedDefault) {
    const parsed = parse(DEFAULT_CHECKLIST_YAML, DEFAULT_FILE);
    const checklist = build(parsed, undefined, 'built-in', {});
    cachedDefault = { raw: parsed.value as Record<string, unknown>, checklist: deepFreeze(checklist) };
  }
  return cachedDefault;
}

function parse(text: string, file: string): Parsed {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ChecklistError(
      sortProblems(
        doc.errors.map((error) => {
          const { line, col } = lineCounter.linePos(error.pos[0]);
          return { file, line, column: col, key: '(yaml)', message: yamlMessage(error.message) };
        }),
      ),
    );
  }
  // A mapping or list used as a key has no place in a checklist, and building the value
  // would only stringify it (with a process warning); say so where it is written.
  const complexKeys: ChecklistProblem[] = [];
  visit(doc, {
    Pair(_, pair) {
      if (pair.key !== null && !isScalar(pair.key)) {
        const { line, col } = lineCounter.linePos(startOf(pair.key));
        complexKeys.push({ file, line, column: col, key: '(yaml)', message: 'a key must be plain text, not a list or mapping' });
      }
    },
  });
  if (complexKeys.length > 0) throw new ChecklistError(complexKeys);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias to no anchor, or an alias bomb: both surface only when the value is built.
    let offset = 0;
    visit(doc, {
      Alias(_, node) {
        offset = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    const { line, col } = lineCounter.linePos(offset);
    const reason = error instanceof Error ? error.message : String(error);
    throw new ChecklistError([{ file, line, column: col, key: '(yaml)', message: `YAML error: ${reason}` }]);
  }
  return { file, doc, lineCounter, value: value ?? {} };
}

function build(parsed: Parsed, base: Record<string, unknown> | undefined, source: string, options: LoadOptions): Checklist {
  const { file, doc, lineCounter, value } = parsed;
  const problems: ChecklistProblem[] = [];
  const warnings: ChecklistProblem[] = [];
  const at = (path: Path, message: string, atKey = false, warning = false) => {
    const { line, column } = locate(doc, lineCounter, path, atKey);
    (warning ? warnings : problems).push({ file, line, column, key: keyOf(path), message });
  };

  const validate = (validator ??= compileSchema());
  if (!validate(value)) {
    for (const error of validate.errors ?? []) {
      const problem = describeSchemaError(error, value);
      at(problem.path, problem.message, problem.atKey);
    }
  }

  if (isRecord(value)) {
    const merged = merge(base, value);
    // References the built-in default makes can only break because the file replaced what
    // they point to; one problem per replaced section, at that section, says so.
    const blamed = new Map<string, { path: Path; missing: Set<string>; users: Set<string> }>();
    const context = { fields: options.fields, setByFile: (path: Path) => setByFile(value, path), builtInTaskIds: builtInTaskIds(base) };
    crossCheck(merged, context, (path, message, how) => {
      if (how?.blame && !setByFile(value, path)) {
        const key = keyOf(how.blame.path);
        const entry = blamed.get(key) ?? { path: how.blame.path, missing: new Set(), users: new Set() };
        entry.missing.add(how.blame.missing);
        entry.users.add(String(path[0]));
        blamed.set(key, entry);
      } else {
        at(path, message, how?.atKey, how?.warning);
      }
    });
    for (const [key, { path, missing, users }] of blamed) {
      const list = [...missing].map((name) => `"${name}"`).join(', ');
      const sections = [...users].join(' and ');
      at(
        path,
        `does not declare ${list}, which the built-in default's ${sections} use; declare ${missing.size === 1 ? 'it' : 'them'} under ${key}, or also set ${sections} in this file`,
        true,
      );
    }
    if (problems.length === 0) {
      const missing = missingSections(merged);
      if (missing.length > 0) {
        // Only the built-in default can get here, and its tests keep it complete.
        for (const path of missing) at(path, 'missing; the built-in default must set it');
      } else {
        const checklist = toChecklist(merged as unknown as RawChecklist, source);
        return warnings.length > 0 ? { ...checklist, warnings: sortProblems(warnings).map(formatProblem) } : checklist;
      }
    }
  }
  throw new ChecklistError(sortProblems(problems));
}

/** The YAML parser's words, with the fix for the mistake people make most: an unquoted `@login`. */
function yamlMessage(message: string): string {
  if (/reserved character @/.test(message)) {
    return 'a value cannot start with @ in YAML: quote it ("@it-ivan") or drop the @ (it-ivan)';
  }
  return `YAML syntax error: ${message}`;
}

/** The built-in default's task ids, to say which ones a file's own `tasks` list drops. */
function builtInTaskIds(base: Record<string, unknown> | undefined): readonly string[] {
  const tasks = base?.['tasks'];
  return Array.isArray(tasks) ? tasks.flatMap((t) => (isRecord(t) && typeof t['id'] === 'string' ? [t['id']] : [])) : [];
}

function startOf(node: unknown): number {
  return (node as Node | null)?.range?.[0] ?? 0;
}

function compileSchema(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  return ajv.compile(CHECKLIST_SCHEMA);
}

/** The file's value over the default: sections replace, except the merged ones. */
function merge(base: Record<string, unknown> | undefined, file: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base, ...file };
  if (!base) return merged;
  for (const section of MERGED_SECTIONS) {
    const mine = file[section];
    const theirs = base[section];
    if (!isRecord(mine) || !isRecord(theirs)) continue;
    const combined: Record<string, unknown> = { ...theirs, ...mine };
    if (section === 'owners') {
      // A company may set only the logins of an owner and keep the rest.
      for (const [key, owner] of Object.entries(mine)) {
        const builtIn = theirs[key];
        if (isRecord(builtIn) && (owner === null || isRecord(owner))) combined[key] = { ...builtIn, ...owner };
      }
    }
    merged[section] = combined;
  }
  return merged;
}

/** Whether the file itself wrote the section (and, for merged sections, the key) `path` points into. */
function setByFile(file: Record<string, unknown>, path: Path): boolean {
  const [section, key] = path;
  if (typeof section !== 'string' || !(section in file)) return false;
  const value = file[section];
  if ((MERGED_SECTIONS as readonly string[]).includes(section) && typeof key === 'string') {
    return isRecord(value) && key in value;
  }
  return true;
}

function missingSections(merged: Record<string, unknown>): Path[] {
  const required: Path[] = [
    ['requesters'], ['owners'], ['phases'], ['tasks'],
    ['assets', 'phase'], ['assets', 'owner'],
    ['involuntary', 'security-grace'],
    ['escalation', 'default'], ['escalation', 'security'],
  ];
  return required.filter(([section, key]) => {
    const value = merged[section as string];
    if (key === undefined) return value === undefined;
    return !isRecord(value) || value[key as string] === undefined;
  });
}

interface SchemaProblem {
  path: Path;
  message: string;
  atKey: boolean;
}

/** Turns one ajv error into a message for the person editing the file. */
function describeSchemaError(error: ErrorObject, root: unknown): SchemaProblem {
  const path = toPath(error.instancePath, root);
  const expected = describeExpected(error.parentSchema);
  const data: unknown = error.data;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const allowed = Object.keys(propertiesOf(error.parentSchema));
      return {
        path: [...path, key],
        atKey: true,
        message: `unknown key "${key}"${suggest(key, allowed)}; allowed keys: ${allowed.join(', ')}`,
      };
    }
    case 'required': {
      const key = String(params['missingProperty']);
      return { path, atKey: false, message: `missing required key "${key}"; expected ${expected}` };
    }
    case 'type':
      return { path, atKey: false, message: `expected ${expected}, not ${describeValue(data)}` };
    case 'minItems':
      return { path, atKey: false, message: `must not be empty; expected ${expected}` };
    case 'uniqueItems': {
      const index = Number(params['j']);
      const item = Array.isArray(data) ? (data as unknown[])[Number(params['i'])] : undefined;
      return { path: [...path, index], atKey: false, message: `${describeValue(item)} is listed twice; list each value once` };
    }
    case 'pattern':
    case 'minLength':
    case 'enum':
      return { path, atKey: false, message: `${describeValue(data)} is not allowed; expected ${expected}` };
    default:
      return { path, atKey: false, message: `${error.message ?? 'is not valid'}; expected ${expected}` };
  }
}

/** `/tasks/3/owner` -> `['tasks', 3, 'owner']`, numbering only where the value is a list. */
function toPath(pointer: string, root: unknown): Path {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let value = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      const index = Number(segment);
      path.push(index);
      value = value[index] as unknown;
    } else {
      path.push(segment);
      value = isRecord(value) ? value[segment] : undefined;
    }
  }
  return path;
}

function describeExpected(schema: unknown): string {
  return isRecord(schema) && typeof schema['description'] === 'string' ? schema['description'] : 'a valid value';
}

function propertiesOf(schema: unknown): Record<string, unknown> {
  return isRecord(schema) && isRecord(schema['properties']) ? schema['properties'] : {};
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}

function sortProblems(problems: ChecklistProblem[]): ChecklistProblem[] {
  const seen = new Set<string>();
  return problems
    .filter((problem) => {
      const id = JSON.stringify(problem);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => a.problem.line - b.problem.line || a.problem.column - b.problem.column || a.index - b.index)
    .map(({ problem }) => problem);
}

function toChecklist(raw: RawChecklist, source: string): Checklist {
  const owners: Record<string, Owner> = {};
  for (const [key, owner] of Object.entries(raw.owners)) {
    owners[key] = {
      key,
      logins: uniqueLogins(owner?.logins ?? []),
      escalateTo: uniqueLogins(owner?.['escalate-to'] ?? []),
    };
  }
  const phases: Phase[] = raw.phases.map((phase) => ({ id: phase.id, title: phase.title.trim(), due: offset(phase.due) }));
  const tasks: TaskTemplate[] = raw.tasks.map((task) => ({
    id: task.id,
    title: task.title.trim(),
    phase: task.phase,
    owner: task.owner,
    security: task.security ?? false,
    ...(task.link !== undefined && { link: task.link }),
    ...(task.when !== undefined && { when: task.when }),
    ...(task.controls !== undefined && { controls: task.controls.map((control) => control.trim()) }),
    ...(task.strict !== undefined && { strict: task.strict }),
    ...(task.workflow !== undefined && { automation: { kind: 'workflow' as const, workflow: task.workflow } }),
    ...(task.github !== undefined && { automation: { kind: 'github' as const, mode: task.github } }),
  }));
  return {
    source,
    ...(raw.timezone !== undefined && { timezone: raw.timezone }),
    requesters: uniqueLogins(raw.requesters),
    owners,
    phases,
    tasks,
    assets: { phase: raw.assets.phase, owner: raw.assets.owner },
    involuntary: { securityGrace: offset(raw.involuntary['security-grace']) },
    escalation: {
      default: raw.escalation.default.map(level),
      security: raw.escalation.security.map(level),
      ...(raw.escalation.hours !== undefined && { hours: parseHours(raw.escalation.hours) }),
    },
  };
}

function level(raw: RawLevel): EscalationLevel {
  return { after: offset(raw.after), notify: [...raw.notify] };
}

function offset(text: string): Offset {
  const parsed = parseOffset(text);
  if (!parsed) throw new Error(`offset "${text}" passed the schema but does not parse`);
  return parsed;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
