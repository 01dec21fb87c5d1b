/** The form renderer lives with the demo; tests add a valid request to vary. */
import { formBody, type FormValues } from '../../demo/form.js';

export { formBody, type FormValues } from '../../demo/form.js';

export const VALID_FORM: Required<FormValues> = {
  'employee-name': 'Jane Doe',
  'employee-login': 'jdoe',
  department: 'Engineering',
  manager: 'mgr-maria',
  'last-day': '2026-12-04',
  'departure-type': 'Voluntary',
  assets: 'Laptop MBP-0412\nYubiKey 5C',
  notes: 'Hand over the on-call rota to Sam.',
};

export function form(overrides: FormValues = {}, options: { crlf?: boolean } = {}): string {
  return formBody({ ...VALID_FORM, ...overrides }, options);
}
