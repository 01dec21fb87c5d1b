import type { Offset } from '../domain/types.js';

/**
 * What an offset may look like: `0d`, `-2d`, `5bd` (business days) or `4h`.
 * Four digits at most: 9999 days is decades, anything longer is a typo.
 */
export const OFFSET_PATTERN = '^-?\\d{1,4}(d|bd|h)$';
/** An offset that may not be negative (escalation `after`, `security-grace`). */
export const NON_NEGATIVE_OFFSET_PATTERN = '^\\d{1,4}(d|bd|h)$';

const OFFSET = new RegExp(OFFSET_PATTERN.replace('(d|bd|h)', '(?<unit>d|bd|h)'));

/**
 * Parses an offset such as `0d`, `-2d`, `5bd` or `4h`; `undefined` for anything else.
 */
export function parseOffset(text: string): Offset | undefined {
  const unit = OFFSET.exec(text)?.groups?.['unit'];
  if (unit === undefined) return undefined;
  const parsed = Number.parseInt(text, 10);
  // `-0d` is just `0d`: keep a negative zero out of comparisons and JSON.
  const amount = parsed === 0 ? 0 : parsed;
  return { amount, unit: unit as Offset['unit'], text };
}
