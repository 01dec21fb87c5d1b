/**
 * The export's settings, shared by the Action's inputs (`since`, `until`, `export-dir`) and the
 * CLI's flags; each rule throws a SettingError the caller prefixes with the setting's name.
 */
import { localDate } from '../domain/time.js';
import { SettingError, date } from '../settings/rules.js';
import type { ExportPeriod } from './rows.js';

export type ExportFormat = 'csv' | 'json';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json'];

/** The files' names, the same in every run (the example workflow uploads them by name). */
export const EXPORT_FILES: Readonly<Record<ExportFormat, string>> = { csv: 'offboarding-export.csv', json: 'offboarding-export.json' };

/** `csv`, `json` or `csv,json` (any order, case-insensitive); empty: both. */
export function exportFormats(raw: string | undefined): ExportFormat[] {
  const words = (raw ?? '')
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w !== '');
  if (words.length === 0) return [...EXPORT_FORMATS];
  const unknown = words.find((w) => !(EXPORT_FORMATS as readonly string[]).includes(w));
  if (unknown !== undefined) throw new SettingError(`is '${raw ?? ''}': use csv, json or csv,json`);
  return EXPORT_FORMATS.filter((f) => words.includes(f));
}

/** The end of the period: the date given, else today in the time zone. */
export function periodEnd(raw: string | undefined, now: Date, timeZone: string): string {
  return date(raw, localDate(now, timeZone));
}

/** A period whose end is not before its start. */
export function exportPeriod(since: string, until: string): ExportPeriod {
  if (until < since) throw new SettingError(`is ${until}, before the start of the period (${since}): the period runs from since to until, both included`);
  return { since, until };
}
