import { TZDate } from '@date-fns/tz';
import { addBusinessDays, addDays, addHours, endOfDay, isValid, parse } from 'date-fns';
import { assertTimeZone } from '../domain/time.js';
import type { Offset } from '../domain/types.js';

/**
 * Due instants. All calendar arithmetic happens in the tracker's time zone through
 * @date-fns/tz, so "end of the day" and "one day later" keep meaning what a person in that
 * zone means, across DST changes and in zones with odd offsets.
 */

/**
 * The deadline `offset` after the last day, in `timeZone`:
 * `Nd` is the end (23:59:59.999 local) of the last day plus N calendar days,
 * `Nbd` the end of the Nth business day after it (Saturdays and Sundays skipped; negative
 * goes back; `0bd` is the last day itself), `Nh` the end of the last day plus N hours.
 *
 * @param lastDay `YYYY-MM-DD`
 * @throws RangeError for a malformed day or an unknown time zone
 */
export function phaseDue(lastDay: string, offset: Offset, timeZone: string): Date {
  const day = localDay(lastDay, timeZone);
  switch (offset.unit) {
    case 'd':
      return toInstant(endOfDay(addDays(day, offset.amount)));
    case 'bd':
      return toInstant(endOfDay(addBusinessDays(day, offset.amount)));
    case 'h':
      return toInstant(addHours(endOfDay(day), offset.amount));
  }
}

/**
 * `instant` plus `offset`, for the escalation ladder (`after` counts from when a task fell
 * due): `h` adds elapsed hours, `d` calendar days keeping the local wall-clock time,
 * `bd` business days in the zone.
 */
export function addOffset(instant: Date, offset: Offset, timeZone: string): Date {
  assertTimeZone(timeZone);
  const local = new TZDate(instant.getTime(), timeZone);
  switch (offset.unit) {
    case 'h':
      return new Date(addHours(instant, offset.amount).getTime());
    case 'd':
      return toInstant(addDays(local, offset.amount));
    case 'bd':
      return toInstant(addBusinessDays(local, offset.amount));
  }
}

/** Noon of `day` in the zone: midnight does not exist on some DST days, noon always does. */
function localDay(day: string, timeZone: string): TZDate {
  assertTimeZone(timeZone);
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(day) ? parse(day, 'yyyy-MM-dd', new Date(0)) : new Date(NaN);
  if (!isValid(parsed)) throw new RangeError(`"${day}" is not a date in the form YYYY-MM-DD`);
  return new TZDate(parsed.getFullYear(), parsed.getMonth(), parsed.getDate(), 12, timeZone);
}

/** A plain `Date`, so callers never carry a zone-bound TZDate around by accident. */
function toInstant(date: Date): Date {
  const result = new Date(date.getTime());
  if (!isValid(result)) throw new RangeError('the due date is out of range');
  return result;
}
