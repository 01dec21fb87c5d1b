/**
 * The one way Markdown tables are written. A cell is plain text (escaped here, always) or Markdown
 * the caller built from escaped parts (`md`), so no typed text can break a row.
 */
import { inline } from './neutralise.js';

/** Markdown the caller vouches for (already built from neutralised parts). */
export interface Markdown {
  readonly md: string;
}

export type Cell = string | number | Markdown | undefined;

export function md(text: string): Markdown {
  return { md: text };
}

export type Align = 'left' | 'right';

export interface Column {
  readonly header: string;
  readonly align?: Align;
  /** Longest plain text kept in a cell of this column (default 200). */
  readonly max?: number;
}

function cell(value: Cell, max: number): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return inline(value, max);
  // Trusted Markdown still may not hold a line break or an unescaped pipe that would end the cell.
  return value.md.replace(/\r?\n/g, ' ').replace(/(?<!\\)\|/g, '\\|');
}

/** A table with a header row; every cell escaped (plain) or kept (md). */
export function table(columns: readonly (Column | string)[], rows: readonly (readonly Cell[])[]): string {
  const cols = columns.map((c) => (typeof c === 'string' ? { header: c } : c));
  const head = `| ${cols.map((c) => inline(c.header, 80)).join(' | ')} |`;
  const rule = `|${cols.map((c) => (c.align === 'right' ? '---:' : '---')).join('|')}|`;
  const body = rows.map((row) => `| ${cols.map((c, i) => cell(row[i], c.max ?? 200)).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

/** Label → value pairs as a two-column table with a real header. */
export function facts(rows: readonly (readonly [string, Cell])[], headers: readonly [string, string] = ['', '']): string {
  return table([headers[0] || 'Field', headers[1] || 'Value'], rows.map(([k, v]) => [k, v]));
}
