/**
 * The JSON export's schema (JSON Schema draft 2020-12), the contract the README documents. Every
 * key is always present; what is not known is `null`. The tests validate real exports against it.
 */
const text = { type: 'string' } as const;
const maybeText = { type: ['string', 'null'] } as const;
const instant = { type: 'string', format: 'date-time' } as const;
const maybeInstant = { type: ['string', 'null'], format: 'date-time' } as const;
const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const maybeMs = { type: ['integer', 'null'] } as const;

function object(properties: Record<string, unknown>): Record<string, unknown> {
  return { type: 'object', additionalProperties: false, required: Object.keys(properties), properties };
}

const SECURITY_TASK = object({
  id: text,
  title: text,
  controls: { type: 'array', items: text },
  state: { enum: ['done', 'na', 'open'] },
  due: instant,
  doneAt: maybeInstant,
  doneBy: maybeText,
  how: { enum: ['person', 'automation', 'verified', null] },
  evidence: { enum: ['event', 'edit-history', 'observed', 'command', null] },
  result: { enum: ['on-time', 'late', 'done', 'na', 'open', 'overdue', 'not-done', 'cancelled'] },
  lateByMs: maybeMs,
  lateBy: text,
  timeToRevokeMs: maybeMs,
  naReason: maybeText,
});

const OFFBOARDING = object({
  issue: { type: 'integer', minimum: 1 },
  title: text,
  employee: object({ name: text, login: maybeText, department: maybeText, manager: maybeText }),
  departureType: maybeText,
  lastDay: { oneOf: [day, { type: 'null' }] },
  state: { enum: ['open', 'completed', 'cancelled', 'closed'] },
  openedAt: instant,
  intakeAt: maybeInstant,
  endedAt: maybeInstant,
  cancelled: { oneOf: [object({ at: instant, by: text, reason: text }), { type: 'null' }] },
  record: { enum: ['ok', 'restored', 'from-report', 'from-body', 'from-title'] },
  securityTasks: { type: 'array', items: SECURITY_TASK },
  notes: { type: 'array', items: text },
});

const TOTALS = object({
  departures: count,
  byState: object({ open: count, completed: count, cancelled: count, closed: count }),
  incompleteRecords: count,
  securityTasks: count,
  onTime: count,
  late: count,
  doneUntimed: count,
  na: count,
  open: count,
  overdue: count,
  notDone: count,
  cancelled: count,
  medianTimeToRevokeMs: maybeMs,
  medianTimeToRevoke: maybeText,
});

export const EXPORT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Offboarding audit export',
  ...object({
    version: { const: 1 },
    repository: text,
    period: object({ since: day, until: day }),
    generatedAt: instant,
    totals: TOTALS,
    offboardings: { type: 'array', items: OFFBOARDING },
  }),
} as const;
