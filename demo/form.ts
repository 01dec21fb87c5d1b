/** Renders an offboarding form submission exactly as GitHub does, from the shipped issue form. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const ROOT = resolve(import.meta.dirname, '..');
const TEMPLATE = parse(readFileSync(join(ROOT, '.github/ISSUE_TEMPLATE/offboarding.yml'), 'utf8')) as {
  title?: string;
  labels?: string[];
  body: Array<{ type: string; id?: string; attributes: { label?: string } }>;
};

/** The title and labels GitHub pre-fills from the form. */
export const FORM_TITLE = TEMPLATE.title ?? '';
export const FORM_LABELS: readonly string[] = TEMPLATE.labels ?? [];

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
