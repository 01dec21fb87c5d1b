import { TZDate } from '@date-fns/tz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOffset } from '../../src/checklist/index.js';
import type { Offset } from '../../src/domain/types.js';
import { addOffset, phaseDue } from '../../src/plan/index.js';

function offset(text: string): Offset {
  const parsed = parseOffset(text);
  if (!parsed) throw new Error(`bad offset ${text}`);
  return parsed;
}

const due = (lastDay: string, text: string, zone: string) => phaseDue(lastDay, offset(text), zone).toISOString();
const add = (instant: string, text: string, zone: string) =>
  addOffset(new Date(instant), offset(text), zone).toISOString();

describe('phaseDue', () => {
  it('ends the day in the zone', () => {
    expect(due('2025-03-14', '0d', 'UTC')).toBe('2025-03-14T23:59:59.999Z');
    expect(due('2025-03-14', '0d', 'Europe/Berlin')).toBe('2025-03-14T22:59:59.999Z');
    expect(due('2025-03-14', '7d', 'UTC')).toBe('2025-03-21T23:59:59.999Z');
    expect(due('2025-03-14', '-2d', 'UTC')).toBe('2025-03-12T23:59:59.999Z');
  });

  it('crosses the spring change in Berlin (last Sunday of March)', () => {
    // Saturday 29 March is still CET (+01:00); Sunday 30 March is CEST (+02:00).
    expect(due('2025-03-29', '0d', 'Europe/Berlin')).toBe('2025-03-29T22:59:59.999Z');
    expect(due('2025-03-29', '1d', 'Europe/Berlin')).toBe('2025-03-30T21:59:59.999Z');
    // Hours are elapsed time from the end of the last day.
    expect(due('2025-03-29', '4h', 'Europe/Berlin')).toBe('2025-03-30T02:59:59.999Z');
  });

  it('crosses the autumn change in Berlin (last Sunday of October)', () => {
    expect(due('2025-10-25', '0d', 'Europe/Berlin')).toBe('2025-10-25T21:59:59.999Z');
    expect(due('2025-10-25', '1d', 'Europe/Berlin')).toBe('2025-10-26T22:59:59.999Z');
  });

  it('crosses the spring change in New York', () => {
    expect(due('2025-03-08', '0d', 'America/New_York')).toBe('2025-03-09T04:59:59.999Z');
    expect(due('2025-03-08', '1d', 'America/New_York')).toBe('2025-03-10T03:59:59.999Z');
  });

  it('handles zones with odd offsets', () => {
    expect(due('2025-06-02', '0d', 'Asia/Kolkata')).toBe('2025-06-02T18:29:59.999Z');
    // Chatham is +13:45 in its summer and +12:45 after the first Sunday of April.
    expect(due('2025-01-10', '0d', 'Pacific/Chatham')).toBe('2025-01-10T10:14:59.999Z');
    expect(due('2025-04-05', '0d', 'Pacific/Chatham')).toBe('2025-04-05T10:14:59.999Z');
    expect(due('2025-04-05', '1d', 'Pacific/Chatham')).toBe('2025-04-06T11:14:59.999Z');
  });

  it('counts business days over weekends', () => {
    // 2025-03-14 is a Friday.
    expect(due('2025-03-14', '1bd', 'UTC')).toBe('2025-03-17T23:59:59.999Z');
    expect(due('2025-03-14', '5bd', 'UTC')).toBe('2025-03-21T23:59:59.999Z');
    expect(due('2025-03-17', '-1bd', 'UTC')).toBe('2025-03-14T23:59:59.999Z');
    // A Saturday last day: the first business day after it is Monday, 0bd is the day itself.
    expect(due('2025-03-15', '1bd', 'UTC')).toBe('2025-03-17T23:59:59.999Z');
    expect(due('2025-03-15', '0bd', 'UTC')).toBe('2025-03-15T23:59:59.999Z');
    // Friday before the Berlin spring change, one business day later is Monday in CEST.
    expect(due('2025-03-28', '1bd', 'Europe/Berlin')).toBe('2025-03-31T21:59:59.999Z');
  });

  it('rejects a malformed day or zone', () => {
    expect(() => due('2025-02-30', '0d', 'UTC')).toThrow(RangeError);
    expect(() => due('14.03.2025', '0d', 'UTC')).toThrow(RangeError);
    expect(() => due('2025-03-14', '0d', 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('addOffset', () => {
  it('adds elapsed hours across a DST change', () => {
    // Midnight CET + 4h = 05:00 CEST (one wall-clock hour was skipped).
    expect(add('2025-03-29T23:00:00.000Z', '4h', 'Europe/Berlin')).toBe('2025-03-30T03:00:00.000Z');
  });

  it('adds calendar days keeping the local time', () => {
    expect(add('2025-03-29T22:59:59.999Z', '1d', 'Europe/Berlin')).toBe('2025-03-30T21:59:59.999Z');
    expect(add('2025-10-25T08:00:00.000Z', '1d', 'Europe/Berlin')).toBe('2025-10-26T09:00:00.000Z');
  });

  it('adds business days in the zone', () => {
    // Friday 23:59 in Berlin + 1bd = Monday 23:59 in Berlin.
    expect(add('2025-03-28T22:59:59.999Z', '1bd', 'Europe/Berlin')).toBe('2025-03-31T21:59:59.999Z');
    // Friday 20:00 in New York is Saturday in UTC: business days follow the zone.
    expect(add('2025-03-15T00:00:00.000Z', '1bd', 'America/New_York')).toBe('2025-03-18T00:00:00.000Z');
  });

  it('adds nothing for a zero offset', () => {
    expect(add('2025-03-14T12:34:56.789Z', '0h', 'UTC')).toBe('2025-03-14T12:34:56.789Z');
    expect(add('2025-03-14T12:34:56.789Z', '0bd', 'Asia/Kolkata')).toBe('2025-03-14T12:34:56.789Z');
  });
});

describe('properties', () => {
  const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'Australia/Lord_Howe'];
  const day = fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10));
  const zone = fc.constantFrom(...zones);
  const unit = fc.constantFrom<'d' | 'bd' | 'h'>('d', 'bd', 'h');

  it('phaseDue is strictly increasing in N', () => {
    fc.assert(
      fc.property(day, zone, unit, fc.integer({ min: -60, max: 60 }), (lastDay, timeZone, u, n) => {
        const earlier = phaseDue(lastDay, offset(`${n}${u}`), timeZone);
        const later = phaseDue(lastDay, offset(`${n + 1}${u}`), timeZone);
        expect(earlier.getTime()).toBeLessThan(later.getTime());
      }),
    );
  });

  it('day and business-day offsets end a local day; business days never on a weekend', () => {
    fc.assert(
      fc.property(day, zone, fc.constantFrom<'d' | 'bd'>('d', 'bd'), fc.integer({ min: -60, max: 60 }), (lastDay, timeZone, u, n) => {
        const local = new TZDate(phaseDue(lastDay, offset(`${n}${u}`), timeZone).getTime(), timeZone);
        expect([local.getHours(), local.getMinutes(), local.getSeconds(), local.getMilliseconds()]).toEqual([23, 59, 59, 999]);
        if (u === 'bd' && n !== 0) expect([0, 6]).not.toContain(local.getDay());
      }),
    );
  });
});
