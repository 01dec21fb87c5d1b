/**
 * The one home of time for people: how instants are shown in a tracker's zone, durations, the
 * calendar day of an instant, and the check that a zone exists. Calendar arithmetic goes through
 * date-fns and @date-fns/tz, never through milliseconds, so DST days keep their meaning.
 */
import { TZDate } from '@date-fns/tz';
import { addDays, differenceInCalendarDays, format, isValid, parseISO } from 'date-fns';

const formatters = new Map<string, Intl.DateTimeFormat>();
const zoneAnswers = new Map<string, boolean>();

/** True when the runtime knows `zone` as an IANA time zone. */
export function isTimeZone(zone: string): boolean {
  // Asked for every date rendered: a formatter per question costs more than the rendering.
  const known = zoneAnswers.get(zone);
  if (known !== undefined) return known;
  let answer = zone.trim() !== '';
  if (answer) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
    } catch {
      answer = false;
    }
  }
  if (zoneAnswers.size < 1000) zoneAnswers.set(zone, answer);
  return answer;
}

/** @throws RangeError for a zone the runtime does not know */
export function assertTimeZone(zone: string): void {
  if (!isTimeZone(zone)) throw new RangeError(`unknown time zone "${zone}"`);
}

function zoneOrUtc(zone: string): string {
  return isTimeZone(zone) ? zone : 'UTC';
}

/** The zone's short name at an instant (`CET`, `GMT+5:30`): `Intl` knows it, date-fns defers to it. */
export function zoneName(instant: Date | string, timeZone: string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const zone = zoneOrUtc(timeZone);
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'short' });
    formatters.set(zone, f);
  }
  return f.formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? zone;
}

function local(instant: Date | string, timeZone: string): TZDate | undefined {
  const date = typeof instant === 'string' ? parseISO(instant) : instant;
  if (!isValid(date)) return undefined;
  return new TZDate(date.getTime(), zoneOrUtc(timeZone));
}

/**
 * An instant as a person in the zone reads it: `Fri 4 Dec 2026, 23:59 CET`. An unknown zone
 * falls back to UTC; an unparsable instant is returned as given.
 */
export function formatInstant(instant: Date | string, timeZone: string): string {
  const at = local(instant, timeZone);
  if (!at) return String(instant);
  return `${format(at, 'EEE d MMM yyyy, HH:mm')} ${zoneName(at, timeZone)}`;
}

/** The compact form for table cells whose header names the zone: `Fri 4 Dec 23:59`. */
export function formatCompact(instant: Date | string, timeZone: string): string {
  const at = local(instant, timeZone);
  if (!at) return String(instant);
  return format(at, 'EEE d MMM HH:mm').replace(/ /g, '\u00a0');
}

/** A duration for people: `3h 20m`, `2d 4h`, `45m` (the sign is the caller's business). */
export function formatDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return mins > 0 ? `${hours}h ${mins}m` : `${hours}h`;
  return `${mins}m`;
}

/** The calendar date `YYYY-MM-DD` of an instant in a zone (UTC when the zone is unknown). */
export function localDate(instant: Date, timeZone: string): string {
  const at = local(instant, timeZone);
  return at ? format(at, 'yyyy-MM-dd') : '';
}

/** A real calendar date written exactly `YYYY-MM-DD`, else undefined. */
export function strictDate(text: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const date = parseISO(text);
  return isValid(date) && format(date, 'yyyy-MM-dd') === text ? text : undefined;
}

/** Calendar days from `a` to `b`, both `YYYY-MM-DD`. */
export function daysBetween(a: string, b: string): number {
  return differenceInCalendarDays(parseISO(b), parseISO(a));
}

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addCalendarDays(date: string, days: number): string {
  return format(addDays(parseISO(date), days), 'yyyy-MM-dd');
}
