/** How the tracker shows instants: in the plan's zone, e.g. `Fri 4 Dec 2026, 23:59 CET`. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric',
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * An ISO instant as a local date and time with the zone's abbreviation (or GMT
 * offset where the zone has none). An unknown zone falls back to UTC, an
 * unparsable instant is returned as given.
 */
export function formatInstant(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let f: Intl.DateTimeFormat;
  try {
    f = formatter(timeZone);
  } catch {
    f = formatter('UTC');
  }
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of f.formatToParts(date)) part[p.type] = p.value;
  const month = part.month === 'Sept' ? 'Sep' : part.month;
  return `${part.weekday} ${part.day} ${month} ${part.year}, ${part.hour}:${part.minute} ${part.timeZoneName}`;
}
