import { type Collector, cut, length } from './collector.js';

/** Longest asset line kept; a longer one is cut with a note. */
export const MAX_ASSET_LINE = 200;
/** Most asset lines kept at all (far beyond what becomes a task of its own). */
export const MAX_ASSET_LINES = 500;

/** An asset line without list or task markers. */
function assetLine(line: string): string {
  return line
    .trim()
    .replace(/^(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]?\]\s*)?/, '')
    .replace(/^\[[ xX]?\]\s+/, '')
    .trim();
}

/** Splits the assets answer: one asset per non-empty line, list markers stripped. */
export function parseAssets(text: string | undefined): string[] {
  if (text === undefined) return [];
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(assetLine)
    .filter((line) => line !== '');
}

/** The asset lines; long lines and long lists are cut with a note, never refused. */
export function assets(c: Collector): string[] {
  const lines = parseAssets(c.value('assets'));
  const long = lines.filter((a) => length(a) > MAX_ASSET_LINE).length;
  if (long > 0) {
    c.warn(`${long} asset ${long === 1 ? 'line is' : 'lines are'} longer than ${MAX_ASSET_LINE} characters; each keeps its first ${MAX_ASSET_LINE}.`);
  }
  if (lines.length > MAX_ASSET_LINES) {
    c.warn(`The assets list has ${lines.length} lines; the tracker keeps the first ${MAX_ASSET_LINES} (the original request below keeps the rest as far as it fits).`);
  }
  return lines.slice(0, MAX_ASSET_LINES).map((a) => (length(a) > MAX_ASSET_LINE ? `${cut(a, MAX_ASSET_LINE)}…` : a));
}
