/** What every field check shares: the answers, the field labels, and where problems and warnings go. */
import { inline } from '../../markdown/neutralise.js';
import { DEFAULT_FIELDS, type FieldDef, type FormAnswers } from '../fields.js';

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
  /** Whether the employee's login is an account on GitHub; `undefined` when not checked. */
  readonly employeeExists?: boolean | undefined;
  /** The form's fields, for labels; defaults to the shipped form. */
  readonly fields?: readonly FieldDef[];
  /** The instant examples in messages are made from (the request's filing time), so they never move. */
  readonly exampleFrom?: Date;
}

export interface Collector {
  readonly ctx: ValidationContext;
  readonly fields: readonly FieldDef[];
  /** The trimmed answer, undefined when empty. */
  value(id: string): string | undefined;
  problem(field: string, message: string): void;
  missing(field: string, how: string): void;
  warn(message: string): void;
}

export function collector(answers: FormAnswers, ctx: ValidationContext, problems: FormProblem[], warnings: string[]): Collector {
  const fields = ctx.fields ?? DEFAULT_FIELDS;
  const labelOf = (id: string): string =>
    fields.find((f) => f.id === id)?.label ?? DEFAULT_FIELDS.find((f) => f.id === id)?.label ?? id;
  const problem = (field: string, message: string): void => {
    problems.push({ field, label: labelOf(field), message });
  };
  return {
    ctx,
    fields,
    value: (id) => {
      const v = answers[id]?.trim();
      return v === undefined || v === '' ? undefined : v;
    },
    problem,
    missing: (field, how) => problem(field, `is missing: ${how}.`),
    warn: (message) => warnings.push(message),
  };
}

/** Quoted input for a message: neutralised and short. */
export function quoted(text: string): string {
  return `“${inline(text, 60)}”`;
}

/** Code points, so a cut never halves a surrogate pair. */
export function length(text: string): number {
  return Array.from(text).length;
}

export function cut(text: string, max: number): string {
  return Array.from(text).slice(0, max).join('');
}
