import { formatInstant as formatIso } from '../tracker/format.js';

/** A due instant as a person in the tracker's zone reads it, exactly as the tracker body shows it. */
export function formatInstant(instant: Date | string, timeZone: string): string {
  return formatIso(typeof instant === 'string' ? instant : instant.toISOString(), timeZone);
}

/** A duration for the report: `3h 20m`, `2d 4h`, `45m`. */
export function formatDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return mins > 0 ? `${hours}h ${mins}m` : `${hours}h`;
  return `${mins}m`;
}
