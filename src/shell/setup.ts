/** What a run reads once before it decides anything: the form's fields and the checklist in force. */
import { resolveChecklist } from '../checklist/source.js';
import type { Checklist } from '../domain/types.js';
import { DEFAULT_FIELDS, fieldsFromTemplate, type FieldDef } from '../form/fields.js';
import type { FileReader } from '../checklist/source.js';

export const FORM_TEMPLATE_PATH = '.github/ISSUE_TEMPLATE/offboarding.yml';

export interface Setup {
  readonly fields: readonly FieldDef[];
  readonly checklist: Checklist;
}

/** The form's fields: the repository's own issue form when it has one, else the shipped form's. */
export async function formFields(read: FileReader, warn: (line: string) => void): Promise<readonly FieldDef[]> {
  const template = await read(FORM_TEMPLATE_PATH);
  if (template === undefined) return DEFAULT_FIELDS;
  try {
    const fields = fieldsFromTemplate(template);
    return fields.length > 0 ? fields : DEFAULT_FIELDS;
  } catch (error) {
    warn(`${FORM_TEMPLATE_PATH} is not a valid issue form (${(error as Error).message}); using the built-in form's labels.`);
    return DEFAULT_FIELDS;
  }
}

/**
 * Reads the checklist, its `when` values checked against the form's options, and says its warnings once.
 * @throws ChecklistError for a checklist that cannot be used
 */
export async function loadChecklistOnce(
  read: FileReader,
  checklistPath: string | undefined,
  fields: readonly FieldDef[],
  warn: (line: string) => void,
): Promise<Checklist> {
  const checklist = await resolveChecklist(read, checklistPath, { fields });
  for (const warning of checklist.warnings ?? []) warn(`checklist: ${warning}`);
  return checklist;
}
