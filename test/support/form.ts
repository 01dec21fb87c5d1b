/** Renders an offboarding form submission exactly as GitHub does, from the shipped issue form. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const ROOT = resolve(import.meta.dirname, '../..');
const TEMPLATE = parse(readFileSync(join(ROOT, '.github/ISSUE_TEMPLATE/offboarding.yml'), 'utf8')) as {
  body: Array<{ type: string; id?: string; attributes: { label?: string } }>;
};

export interface FormValues {
  'employee-name'?: string;
  'employee-login'?: string;
  department?: string;
  manager?: string;
  'last-day'?: string;
  'departure-type'?: string;
  assets?: string;
  notes?: string;
}

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

/** `### <label>`, blank line, value (or `_No response_`), blank line — fields left out are omitted. */
export function formBody(values: FormValues, options: { crlf?: boolean } = {}): string {
  const parts: string[] = [];
  for (const element of TEMPLATE.body) {
    if (element.type === 'markdown' || !element.id) continue;
    if (!(element.id in values)) continue;
    const value = values[element.id as keyof FormValues];
    parts.push(`### ${element.attributes.label}\n\n${value === undefined || value === '' ? '_No response_' : value}`);
  }
  const body = parts.join('\n\n');
  return options.crlf ? body.replace(/\n/g, '\r\n') : body;
}

export function form(overrides: FormValues = {}, options: { crlf?: boolean } = {}): string {
  return formBody({ ...VALID_FORM, ...overrides }, options);
}
