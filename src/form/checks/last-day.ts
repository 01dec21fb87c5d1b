import { addCalendarDays, daysBetween, localDate, strictDate } from '../../domain/time.js';
import { type Collector, quoted } from './collector.js';

/** How far a last day may lie in the future or the past. */
export const PLAUSIBLE_DAYS = 365;

/** `2026-12-4` or `2026/12/04` written the right way, when it is a real date. */
function paddedDate(text: string): string | undefined {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (!m) return undefined;
  return strictDate(`${m[1]}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}`);
}

/** The last working day: required, a real `YYYY-MM-DD` within a year; in the past it is accepted with a warning. */
export function lastDay(c: Collector): string | undefined {
  const raw = c.value('last-day');
  const today = localDate(c.ctx.now, c.ctx.timeZone);
  // The example comes from when the request was filed, so the message does not change from day to day.
  const example = addCalendarDays(localDate(c.ctx.exampleFrom ?? c.ctx.now, c.ctx.timeZone), 14);
  if (raw === undefined) {
    c.missing('last-day', `write the last working day as YYYY-MM-DD, e.g. ${example}`);
    return undefined;
  }
  const exact = strictDate(raw);
  if (exact === undefined) {
    const why = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? 'is not a real date' : 'is not a date in the form YYYY-MM-DD';
    c.problem('last-day', `${quoted(raw)} ${why}: write it as YYYY-MM-DD, e.g. ${paddedDate(raw) ?? example}.`);
    return undefined;
  }
  const ahead = daysBetween(today, exact);
  if (ahead > PLAUSIBLE_DAYS) {
    c.problem('last-day', `${exact} is more than ${PLAUSIBLE_DAYS} days away: check the year, and file the request closer to the date.`);
    return undefined;
  }
  if (ahead < -PLAUSIBLE_DAYS) {
    c.problem('last-day', `${exact} is more than ${PLAUSIBLE_DAYS} days ago: check the year.`);
    return undefined;
  }
  if (ahead < 0) c.warn(`The last working day ${exact} is in the past: its tasks are already due.`);
  return exact;
}
