import { type Collector, cut, length } from './collector.js';

export const MAX_NAME = 200;

/** The full name: required; an overlong one is cut with a note (it never holds up the offboarding). */
export function employeeName(c: Collector): string | undefined {
  const name = c.value('employee-name')?.replace(/\s+/g, ' ');
  if (name === undefined) {
    c.missing('employee-name', 'write the full name of the person leaving');
    return undefined;
  }
  if (length(name) <= MAX_NAME) return name;
  c.warn(`The employee name is ${length(name)} characters long; the tracker keeps the first ${MAX_NAME}. Correct it in the title if needed.`);
  return `${cut(name, MAX_NAME)}…`;
}
