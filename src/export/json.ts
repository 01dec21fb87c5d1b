/** The export as JSON: the same rows as the CSV, nested, with the period and its totals (schema: ./schema.ts). */
import type { ExportPeriod, OffboardingRow } from './rows.js';
import type { ExportTotals } from './totals.js';

export interface ExportDocument {
  readonly version: 1;
  /** `OWNER/NAME` of the repository that holds the trackers. */
  readonly repository: string;
  readonly period: ExportPeriod;
  /** The instant the export was made as of (the `now` input; default the run's time). */
  readonly generatedAt: string;
  readonly totals: ExportTotals;
  readonly offboardings: readonly OffboardingRow[];
}

export function exportDocument(input: {
  readonly repository: string;
  readonly period: ExportPeriod;
  readonly now: Date;
  readonly totals: ExportTotals;
  readonly rows: readonly OffboardingRow[];
}): ExportDocument {
  return {
    version: 1,
    repository: input.repository,
    period: { since: input.period.since, until: input.period.until },
    generatedAt: input.now.toISOString(),
    totals: input.totals,
    offboardings: input.rows,
  };
}

/** The file's text: two-space indented, one trailing newline. */
export function renderJson(document: ExportDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
