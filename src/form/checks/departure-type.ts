import type { DepartureType } from '../../domain/types.js';
import { DEPARTURE_TYPES } from '../fields.js';
import { type Collector, quoted } from './collector.js';

/** Voluntary or Involuntary, in any case. */
export function departureType(c: Collector): DepartureType | undefined {
  const raw = c.value('departure-type');
  if (raw === undefined) {
    c.missing('departure-type', 'choose Voluntary or Involuntary');
    return undefined;
  }
  const type = DEPARTURE_TYPES.find((t) => t.toLowerCase() === raw.toLowerCase());
  if (type === undefined) c.problem('departure-type', `${quoted(raw)} is not a departure type: choose Voluntary or Involuntary.`);
  return type;
}
