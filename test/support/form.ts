/** The form renderer lives with the demo; tests add a valid request to vary. */
import { formBody, type FormValues } from '../../demo/form.js';
import { REQUESTS } from '../../demo/people.js';

export { formBody, type FormValues } from '../../demo/form.js';

/** The cast's sample request (demo/people.ts): Jane Doe, voluntary, last day 2026-12-04. */
export const VALID_FORM: Required<FormValues> = REQUESTS.jane;

export function form(overrides: FormValues = {}, options: { crlf?: boolean } = {}): string {
  return formBody({ ...VALID_FORM, ...overrides }, options);
}
