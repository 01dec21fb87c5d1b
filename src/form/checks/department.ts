import { type Collector, cut, length, quoted } from './collector.js';

export const MAX_DEPARTMENT = 100;

/** The department: required; an option of the form when it is one, else accepted with a warning. */
export function department(c: Collector): string | undefined {
  const raw = c.value('department');
  if (raw === undefined) {
    c.missing('department', 'choose the department the person worked in');
    return undefined;
  }
  const options = c.fields.find((f) => f.id === 'department')?.options ?? [];
  const known = options.find((o) => o.toLowerCase() === raw.toLowerCase());
  if (known !== undefined) return known;
  let value = raw.replace(/\s+/g, ' ');
  if (length(value) > MAX_DEPARTMENT) {
    c.warn(`The department is ${length(value)} characters long; the tracker keeps the first ${MAX_DEPARTMENT}.`);
    value = `${cut(value, MAX_DEPARTMENT)}…`;
  }
  // Accepted (a company may add departments), but conditional tasks match option values.
  if (options.length > 0) {
    c.warn(`The department ${quoted(raw)} is not one of the form's options: tasks that apply only to certain departments may not match it.`);
  }
  return value;
}
