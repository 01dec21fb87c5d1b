/**
 * The offboarding form's fields as data: the contract of SPEC's table (ids,
 * kinds, required), the labels of the shipped template, and the aliases by which
 * a heading that a company renamed is still recognised.
 */
import { parse as parseYaml } from 'yaml';

export type FieldKind = 'input' | 'textarea' | 'dropdown' | 'checkboxes';

export interface FieldDef {
  /** The form element id: the contract (`employee-name`, `last-day`, ...). */
  readonly id: string;
  /** The label GitHub renders as the `### <label>` heading. */
  readonly label: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  /** Dropdown (or checkbox) options, in order. */
  readonly options?: readonly string[];
  /** Set for a textarea with `render:`: its answer arrives inside a code fence. */
  readonly render?: string;
  /** Other headings that mean this field (matched after normalisation). */
  readonly aliases?: readonly string[];
}

/** The form answers keyed by field id; `undefined` means empty or absent. */
export type FormAnswers = Record<string, string | undefined>;

export const DEPARTMENTS = [
  'Engineering', 'Product', 'Design', 'Sales', 'Marketing', 'Customer Success', 'Finance', 'HR', 'Legal', 'Operations', 'Other',
] as const;

export const DEPARTURE_TYPES = ['Voluntary', 'Involuntary'] as const;

/** The fields of the shipped `.github/ISSUE_TEMPLATE/offboarding.yml`, in form order. */
export const DEFAULT_FIELDS: readonly FieldDef[] = [
  {
    id: 'employee-name', label: 'Employee name', kind: 'input', required: true,
    aliases: ['Name', 'Full name', 'Employee', 'Employee full name', "Employee's name", 'Departing employee'],
  },
  {
    id: 'employee-login', label: 'Employee GitHub login', kind: 'input', required: false,
    aliases: ['GitHub login', 'GitHub username', 'GitHub handle', 'Employee login', 'Employee GitHub username', 'Employee GitHub handle', "Employee's GitHub login", 'Login', 'Username'],
  },
  {
    id: 'department', label: 'Department', kind: 'dropdown', required: true, options: DEPARTMENTS,
    aliases: ['Team', 'Dept', 'Employee department'],
  },
  {
    id: 'manager', label: "Manager's GitHub login", kind: 'input', required: true,
    aliases: ['Manager', 'Manager GitHub login', 'Manager login', 'Manager GitHub username', 'Manager GitHub handle', 'Line manager', "Manager's login", 'Reports to'],
  },
  {
    id: 'last-day', label: 'Last working day', kind: 'input', required: true,
    aliases: ['Last day', 'Last day of work', 'Last date', 'Leaving date', 'End date', 'Departure date', 'Termination date', 'Final day', 'Date'],
  },
  {
    id: 'departure-type', label: 'Departure type', kind: 'dropdown', required: true, options: DEPARTURE_TYPES,
    aliases: ['Type of departure', 'Departure', 'Type', 'Separation type', 'Offboarding type', 'Termination type'],
  },
  {
    id: 'assets', label: 'Company assets to recover', kind: 'textarea', required: false,
    aliases: ['Assets', 'Company assets', 'Assets to recover', 'Equipment', 'Hardware', 'Devices'],
  },
  {
    id: 'notes', label: 'Notes', kind: 'textarea', required: false,
    aliases: ['Additional notes', 'Other notes', 'Comments', 'Additional information', 'Anything else'],
  },
];

/**
 * A heading reduced to what matters for matching: lower case, parenthesised
 * remarks such as "(YYYY-MM-DD)" dropped, apostrophes removed, any other
 * punctuation and whitespace collapsed to single spaces.
 */
export function normaliseHeading(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Every normalised heading that stands for the field: its label, its id, its aliases. */
export function headingKeys(field: FieldDef): string[] {
  const keys = [field.label, field.id, ...(field.aliases ?? [])].map(normaliseHeading).filter((k) => k !== '');
  return [...new Set(keys)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionText(option: unknown): string | undefined {
  if (typeof option === 'string' || typeof option === 'number' || typeof option === 'boolean') return String(option);
  if (isRecord(option) && typeof option['label'] === 'string') return option['label'];
  return undefined;
}

/**
 * Reads an issue-form YAML (the company's, possibly with renamed labels, reordered
 * or extra fields) into the field table. Elements keep their `id`; an element
 * without one is matched to a default field by its label, else gets an id made
 * from its label. Default fields keep their aliases. Fields the template removed
 * are simply absent. Throws an `Error` naming the problem when the YAML is not an
 * issue form.
 */
export function fieldsFromTemplate(yamlText: string): FieldDef[] {
  const doc: unknown = parseYaml(yamlText);
  if (!isRecord(doc) || !Array.isArray(doc['body'])) {
    throw new Error('issue form template: expected a mapping with a `body` list');
  }
  const fields: FieldDef[] = [];
  for (const element of doc['body']) {
    if (!isRecord(element)) continue;
    const type = element['type'];
    if (type !== 'input' && type !== 'textarea' && type !== 'dropdown' && type !== 'checkboxes') continue;
    const attributes = isRecord(element['attributes']) ? element['attributes'] : {};
    const label = typeof attributes['label'] === 'string' ? attributes['label'].trim() : '';
    if (label === '') continue;
    const key = normaliseHeading(label);
    const byLabel = DEFAULT_FIELDS.find((f) => headingKeys(f).includes(key));
    const id = typeof element['id'] === 'string' && element['id'].trim() !== ''
      ? element['id'].trim()
      : (byLabel?.id ?? key.replace(/ /g, '-'));
    const known = DEFAULT_FIELDS.find((f) => f.id === id);
    const validations = isRecord(element['validations']) ? element['validations'] : {};
    const options = Array.isArray(attributes['options'])
      ? attributes['options'].map(optionText).filter((o): o is string => o !== undefined)
      : undefined;
    const render = typeof attributes['render'] === 'string' && attributes['render'].trim() !== '' ? attributes['render'] : undefined;
    const aliases = known ? [known.label, ...(known.aliases ?? [])] : undefined;
    fields.push({
      id,
      label,
      kind: type,
      required: validations['required'] === true,
      ...(options ? { options } : {}),
      ...(render !== undefined ? { render } : {}),
      ...(aliases ? { aliases } : {}),
    });
  }
  return fields;
}
