/**
 * Validating parsed form answers into an OffboardingRequest. Every problem is
 * collected (never only the first), each naming the field's label and saying how
 * to fix it, because in private repositories GitHub enforces nothing.
 */
import { isLogin, normaliseLogin } from '../domain/login.js';
import { VALIDATION_MARKER } from '../domain/markers.js';
import { addCalendarDays, daysBetween, localDate, strictDate } from '../domain/time.js';
import type { DepartureType, OffboardingRequest } from '../domain/types.js';
import { inline } from '../markdown/neutralise.js';
import { DEFAULT_FIELDS, DEPARTURE_TYPES, type FieldDef, type FormAnswers } from './fields.js';

export interface FormProblem {
  /** The field id. */
  readonly field: string;
  /** The field's label as the form shows it. */
  readonly label: string;
  /** What is wrong and how to fix it; markdown, with any quoted input neutralised. */
  readonly message: string;
}

export interface ValidationContext {
  readonly now: Date;
  /** IANA zone that decides what "today" is. */
  readonly timeZone: string;
  /** Whether the manager can be assigned in the repository; `undefined` when not checked. */
  readonly managerAssignable: boolean | undefined;
  /** The form's fields, for labels; defaults to the shipped form. */
  readonly fields?: readonly FieldDef[];
}

export interface FormValidation {
  /** Present exactly when there are no problems. */
  readonly request?: OffboardingRequest;
  readonly problems: FormProblem[];
  readonly warnings: string[];
}

export const LIMITS = {
  name: 200,
  department: 100,
  assetLine: 200,
  assets: 50,
  notes: 5000,
  /** Days a last day may lie in the future or in the past. */
  plausibleDays: 365,
} as const;

/** `2026-12-4` or `2026/12/04` written the right way, when it is a real date. */
function paddedDate(text: string): string | undefined {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (!m) return undefined;
  return strictDate(`${m[1]}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}`);
}

/** Quoted input for a message: neutralised and short. */
function quoted(text: string): string {
  return `“${inline(text, 60)}”`;
}

/** An asset line without list or task markers. */
function assetLine(line: string): string {
  return line
    .trim()
    .replace(/^(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]?\]\s*)?/, '')
    .replace(/^\[[ xX]?\]\s+/, '')
    .trim();
}

/** Splits the assets answer: one asset per non-empty line, list markers stripped. */
export function parseAssets(text: string | undefined): string[] {
  if (text === undefined) return [];
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(assetLine)
    .filter((line) => line !== '');
}

/**
 * Validates form answers. Returns the request when there is no problem; problems
 * and warnings are always complete.
 */
export function validateForm(answers: FormAnswers, ctx: ValidationContext): FormValidation {
  const fields = ctx.fields ?? DEFAULT_FIELDS;
  const labelOf = (id: string): string =>
    fields.find((f) => f.id === id)?.label ?? DEFAULT_FIELDS.find((f) => f.id === id)?.label ?? id;
  const problems: FormProblem[] = [];
  const warnings: string[] = [];
  const problem = (field: string, message: string): void => {
    problems.push({ field, label: labelOf(field), message });
  };
  const value = (id: string): string | undefined => {
    const v = answers[id]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const missing = (id: string, how: string): void => problem(id, `is missing: ${how}.`);

  // Employee name
  const rawName = value('employee-name');
  const name = rawName?.replace(/\s+/g, ' ');
  if (name === undefined) missing('employee-name', 'write the full name of the person leaving');
  else if (Array.from(name).length > LIMITS.name) {
    problem('employee-name', `is longer than ${LIMITS.name} characters: shorten it to the person's full name.`);
  }

  // Logins
  const loginOf = (id: string, who: string): string | undefined => {
    const raw = value(id);
    if (raw === undefined) return undefined;
    const login = normaliseLogin(raw);
    if (!isLogin(login)) {
      problem(id, `${quoted(raw)} is not a GitHub login: write ${who}'s login, such as \`octocat\` (letters, digits and single hyphens, at most 39 characters).`);
      return undefined;
    }
    return login;
  };
  const employeeLogin = loginOf('employee-login', 'the departing employee');
  const employeeLoginBad = value('employee-login') !== undefined && employeeLogin === undefined;
  const managerRaw = value('manager');
  const manager = loginOf('manager', 'the manager');
  if (managerRaw === undefined) missing('manager', "write the GitHub login of the person's manager, such as `octocat`");
  if (manager !== undefined) {
    if (employeeLogin !== undefined && manager.toLowerCase() === employeeLogin.toLowerCase()) {
      problem('manager', 'is the departing employee: the manager is mentioned and assigned tasks, so name their manager (or whoever takes over) instead.');
    } else if (ctx.managerAssignable === false) {
      problem('manager', `\`${manager}\` cannot be assigned in this repository: give them access or correct the login.`);
    }
  }

  // Department
  const departmentRaw = value('department');
  let department: string | undefined;
  if (departmentRaw === undefined) missing('department', 'choose the department the person worked in');
  else if (Array.from(departmentRaw).length > LIMITS.department) {
    problem('department', `is longer than ${LIMITS.department} characters: choose one of the listed departments.`);
  } else {
    const options = fields.find((f) => f.id === 'department')?.options ?? [];
    const known = options.find((o) => o.toLowerCase() === departmentRaw.toLowerCase());
    department = known ?? departmentRaw.replace(/\s+/g, ' ');
    // Accepted (a company may add departments), but conditional tasks match option values.
    if (known === undefined && options.length > 0) {
      warnings.push(`The department ${quoted(departmentRaw)} is not one of the form's options: tasks that apply only to certain departments may not match it.`);
    }
  }

  // Last day
  const lastDayRaw = value('last-day');
  const today = localDate(ctx.now, ctx.timeZone);
  let lastDay: string | undefined;
  if (lastDayRaw === undefined) missing('last-day', `write the last working day as YYYY-MM-DD, e.g. ${addCalendarDays(today, 7)}`);
  else {
    const exact = strictDate(lastDayRaw);
    if (exact === undefined) {
      const padded = paddedDate(lastDayRaw);
      const example = padded ?? addCalendarDays(today, 7);
      const why = /^\d{4}-\d{2}-\d{2}$/.test(lastDayRaw) ? 'is not a real date' : 'is not a date in the form YYYY-MM-DD';
      problem('last-day', `${quoted(lastDayRaw)} ${why}: write it as YYYY-MM-DD, e.g. ${example}.`);
    } else {
      const ahead = daysBetween(today, exact);
      if (ahead > LIMITS.plausibleDays) {
        problem('last-day', `${exact} is more than ${LIMITS.plausibleDays} days away: check the year, and file the request closer to the date.`);
      } else if (ahead < -LIMITS.plausibleDays) {
        problem('last-day', `${exact} is more than ${LIMITS.plausibleDays} days ago: check the year.`);
      } else {
        lastDay = exact;
        if (ahead < 0) warnings.push(`The last working day ${exact} is in the past: its tasks are already due.`);
      }
    }
  }

  // Departure type
  const typeRaw = value('departure-type');
  let departureType: DepartureType | undefined;
  if (typeRaw === undefined) missing('departure-type', 'choose Voluntary or Involuntary');
  else {
    departureType = DEPARTURE_TYPES.find((t) => t.toLowerCase() === typeRaw.toLowerCase());
    if (departureType === undefined) problem('departure-type', `${quoted(typeRaw)} is not a departure type: choose Voluntary or Involuntary.`);
  }

  // Assets
  const assets = parseAssets(value('assets'));
  if (assets.length > LIMITS.assets) {
    problem('assets', `lists ${assets.length} assets, more than ${LIMITS.assets}: group them (e.g. "Monitors ×3") or track the rest in the notes.`);
  }
  const longLines = assets.flatMap((a, i) => (Array.from(a).length > LIMITS.assetLine ? [i + 1] : []));
  if (longLines.length > 0) {
    problem('assets', `asset ${longLines.length === 1 ? 'line' : 'lines'} ${longLines.slice(0, 10).join(', ')}${longLines.length > 10 ? ', …' : ''} ${longLines.length === 1 ? 'is' : 'are'} longer than ${LIMITS.assetLine} characters: write one asset per line, such as "Laptop MBP-0412".`);
  }

  // Notes
  // Long notes are no reason to hold up an offboarding: keep the start, say what was cut.
  let notes = value('notes');
  const noteChars = notes === undefined ? 0 : Array.from(notes).length;
  if (notes !== undefined && noteChars > LIMITS.notes) {
    notes = `${Array.from(notes).slice(0, LIMITS.notes).join('')}\n\n… (${noteChars - LIMITS.notes} characters cut)`;
    warnings.push(`The notes are ${noteChars} characters long; the tracker keeps the first ${LIMITS.notes} and says how much was cut.`);
  }

  // In the order of the form, so the comment reads like the form.
  const order = (id: string): number => {
    const i = fields.findIndex((f) => f.id === id);
    return i === -1 ? fields.length : i;
  };
  problems.sort((a, b) => order(a.field) - order(b.field));

  if (problems.length > 0 || name === undefined || manager === undefined || department === undefined || lastDay === undefined || departureType === undefined || employeeLoginBad) {
    return { problems, warnings };
  }
  const request: OffboardingRequest = {
    employeeName: name,
    ...(employeeLogin !== undefined ? { employeeLogin } : {}),
    department,
    manager,
    lastDay,
    departureType,
    assets,
    ...(notes !== undefined ? { notes: notes.replace(/\r\n?/g, '\n') } : {}),
  };
  return { request, problems, warnings };
}

/**
 * The one sticky validation comment. Lists every problem with the field's label in
 * bold and the fix; when valid, says so (and keeps any warnings).
 */
export function renderValidationComment(problems: readonly FormProblem[], warnings: readonly string[], opts: { valid: boolean }): string {
  const lines: string[] = [VALIDATION_MARKER];
  if (opts.valid) {
    lines.push('✅ All fixed: this request is valid and has been converted into an offboarding tracker. Thank you!');
  } else {
    lines.push(
      '**This offboarding request cannot be processed yet.** Edit the issue (the ··· menu of the first post → Edit) and fix the following; it is checked again on every edit.',
      '',
      ...problems.map((p) => `- **${inline(p.label, 100)}** ${p.message}`),
    );
  }
  if (warnings.length > 0) {
    lines.push('', '**Please note:**', '', ...warnings.map((w) => `- ⚠️ ${w}`));
  }
  return `${lines.join('\n')}\n`;
}
