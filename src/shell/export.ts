/**
 * The audit export: every tracker, open and closed, read 100 a request with the action's comments
 * (the record is in the status comment), turned into rows by the pure core, written as files with
 * their SHA-256. It writes local files only, never to GitHub, so a dry run changes nothing here.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrackerSnapshot } from '../domain/types.js';
import { renderCsv } from '../export/csv.js';
import { exportDocument, renderJson } from '../export/json.js';
import { EXPORT_FILES, exportPeriod, type ExportFormat } from '../export/options.js';
import { exportRows } from '../export/rows.js';
import type { ExportFile, ExportResult } from '../export/summary.js';
import { exportTotals } from '../export/totals.js';
import { trackerPages } from '../github/snapshots.js';
import type { RunContext } from './context.js';
import { restoresFor } from './update.js';

export interface ExportOptions {
  /** First last day of the period, `YYYY-MM-DD`, included. */
  readonly since: string;
  /** Last last day of the period, `YYYY-MM-DD`, included. */
  readonly until: string;
  /** Where the files go; created when missing. */
  readonly dir: string;
  readonly formats: readonly ExportFormat[];
}

/** Writes through a temporary file, so a failed run never leaves half a file under the real name. */
function writeFile(dir: string, format: ExportFormat, text: string): ExportFile {
  const path = join(dir, EXPORT_FILES[format]);
  const bytes = Buffer.from(text, 'utf8');
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, path);
  return { format, path, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}

/**
 * Exports every offboarding whose last day is in [since, until]: ceil(N/100) page reads for N open
 * and closed trackers (plus a page per 100 comments of a very long thread, and one read per 100
 * status comments a person edited, for the action's own revision).
 */
export async function runExport(ctx: RunContext, options: ExportOptions): Promise<ExportResult> {
  const period = exportPeriod(options.since, options.until);
  const snapshots: TrackerSnapshot[] = [];
  for await (const page of trackerPages(ctx.client, ctx.repo, { label: ctx.labels.base, states: ['OPEN', 'CLOSED'], warn: ctx.warn })) {
    for (const raw of page) snapshots.push(await ctx.trusted(raw));
    ctx.log(`… ${snapshots.length} issues read`);
  }
  // Only trackers have a status comment: the others need no restore.
  const restores = await restoresFor(ctx, snapshots);
  const rows = exportRows({ snapshots, restores, labels: ctx.labels, period, now: ctx.now });
  for (const row of rows) {
    if (row.record === 'from-report' || row.record === 'from-body' || row.record === 'from-title') {
      ctx.warn(`#${row.issue}: listed in the export with what is still known: ${row.notes[0] ?? 'its record is incomplete'}.`);
    }
  }
  const totals = exportTotals(rows);
  const repository = `${ctx.repo.owner}/${ctx.repo.repo}`;
  const texts: Record<ExportFormat, () => string> = {
    csv: () => renderCsv(rows),
    json: () => renderJson(exportDocument({ repository, period, now: ctx.now, totals, rows })),
  };
  mkdirSync(options.dir, { recursive: true });
  const files = [...new Set(options.formats)].map((format) => writeFile(options.dir, format, texts[format]()));
  return { repository, period, generatedAt: ctx.now.toISOString(), files, totals, rows };
}
