import { type Collector, cut, length } from './collector.js';

export const MAX_NOTES = 5000;

/** Long notes are no reason to hold up an offboarding: keep the start, say what was cut. */
export function notes(c: Collector): string | undefined {
  const text = c.value('notes')?.replace(/\r\n?/g, '\n');
  if (text === undefined || length(text) <= MAX_NOTES) return text;
  c.warn(`The notes are ${length(text)} characters long; the tracker keeps the first ${MAX_NOTES} and says how much was cut.`);
  return `${cut(text, MAX_NOTES)}\n\n… (${length(text) - MAX_NOTES} characters cut)`;
}
