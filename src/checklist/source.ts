import type { Checklist } from '../domain/types.js';
import { defaultChecklist, loadChecklist, type LoadOptions } from './load.js';
import { ChecklistError } from './problems.js';

export const DEFAULT_CHECKLIST_PATH = '.github/offboarding.yml';

/** Reads a repository file's text; undefined when the file does not exist. */
export type FileReader = (path: string) => Promise<string | undefined>;

/**
 * The checklist in force: the `checklist` input's path (which must exist), else
 * `.github/offboarding.yml` when present, else the built-in default.
 * @throws ChecklistError for a missing explicit file or an invalid one
 */
export async function resolveChecklist(read: FileReader, explicitPath: string | undefined, options: LoadOptions = {}): Promise<Checklist> {
  const path = explicitPath ?? DEFAULT_CHECKLIST_PATH;
  const text = await read(path);
  if (text === undefined) {
    if (explicitPath === undefined) return defaultChecklist();
    throw new ChecklistError([
      {
        file: path,
        line: 1,
        column: 1,
        key: '(file)',
        message: `the checklist file named by the 'checklist' input does not exist on the default branch; commit it, or leave the input empty to use ${DEFAULT_CHECKLIST_PATH} or the built-in checklist`,
      },
    ]);
  }
  return loadChecklist(text, path, options);
}
