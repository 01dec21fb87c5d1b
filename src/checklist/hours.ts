/** Working hours (`escalation.hours`): `{ days: Mon-Fri, from: "09:00", to: "18:00" }`. */
import type { WorkingHours } from '../domain/types.js';

export const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const DAY = `(?:${DAY_NAMES.join('|')})`;
/** `Mon-Fri`, `Mon,Wed,Fri`, `Sat-Mon` (a range may wrap round the week). */
export const DAYS_PATTERN = `^${DAY}(?:-${DAY})?(?:\\s*,\\s*${DAY}(?:-${DAY})?)*$`;
export const TIME_PATTERN = '^(?:[01]\\d|2[0-3]):[0-5]\\d$|^24:00$';

function dayIndex(name: string): number {
  return DAY_NAMES.indexOf(name as (typeof DAY_NAMES)[number]);
}

/** Day names or ranges to day numbers (0 = Sunday). */
export function parseDays(days: string | readonly string[]): number[] {
  const parts = typeof days === 'string' ? days.split(',').map((p) => p.trim()) : [...days];
  const out = new Set<number>();
  for (const part of parts) {
    const [start, end] = part.split('-').map((p) => dayIndex(p.trim()));
    if (start === undefined || start < 0) continue;
    if (end === undefined || end < 0) {
      out.add(start);
      continue;
    }
    for (let d = start; ; d = (d + 1) % 7) {
      out.add(d);
      if (d === end) break;
    }
  }
  return [...out].sort((a, b) => a - b);
}

function minutes(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function parseHours(raw: { days: string | string[]; from: string; to: string }): WorkingHours {
  const days = typeof raw.days === 'string' ? raw.days : raw.days.join(',');
  return { days: parseDays(raw.days), from: minutes(raw.from), to: minutes(raw.to), text: `${days} ${raw.from}-${raw.to}` };
}
