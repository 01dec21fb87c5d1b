/** Working hours: an escalation that falls due outside them waits for the next working minute. */
import { TZDate } from '@date-fns/tz';
import { addDays, getDay, startOfDay } from 'date-fns';
import type { WorkingHours } from '../domain/types.js';

function minuteOfDay(local: TZDate): number {
  return local.getHours() * 60 + local.getMinutes();
}

/** The first instant at or after `at` inside the working hours, in `timeZone`. */
export function nextWorkingInstant(at: Date, hours: WorkingHours, timeZone: string): Date {
  if (hours.days.length === 0 || hours.from >= hours.to) return at;
  let local = new TZDate(at.getTime(), timeZone);
  for (let i = 0; i < 8; i++) {
    const working = hours.days.includes(getDay(local));
    const minute = minuteOfDay(local);
    if (working && minute >= hours.from && minute < hours.to) return new Date(local.getTime());
    if (working && minute < hours.from) {
      const start = startOfDay(local);
      return new Date(new TZDate(start.getFullYear(), start.getMonth(), start.getDate(), Math.floor(hours.from / 60), hours.from % 60, timeZone).getTime());
    }
    // After hours or not a working day: the start of the next day.
    const next = addDays(startOfDay(local), 1);
    local = new TZDate(next.getFullYear(), next.getMonth(), next.getDate(), 0, 0, timeZone);
  }
  return at;
}
