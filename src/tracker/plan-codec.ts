/**
 * The plan stored inside the tracker as a hidden comment (`<!-- offboarding:plan z:… -->`): fixed at
 * intake so later checklist edits never move a deadline. Read back only when its shape holds.
 */
import { hiddenData } from '../domain/codec.js';
import type { Plan } from '../domain/types.js';

const STRING = { type: 'string' };
const STRINGS = { type: 'array', items: STRING };

const PLAN_SCHEMA = {
  type: 'object',
  required: ['version', 'request', 'requester', 'timezone', 'intakeAt', 'phases', 'tasks', 'escalation', 'unconfiguredOwners'],
  properties: {
    version: { const: 1 },
    request: {
      type: 'object',
      required: ['employeeName', 'department', 'manager', 'lastDay', 'departureType', 'assets'],
      properties: { employeeName: STRING, manager: STRING, lastDay: STRING, department: STRING, departureType: STRING, assets: STRINGS },
    },
    requester: STRING,
    timezone: STRING,
    intakeAt: STRING,
    phases: { type: 'array', items: { type: 'object', required: ['id', 'title', 'due'], properties: { id: STRING, title: STRING, due: STRING } } },
    tasks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'title', 'phase', 'due', 'ownerLogins', 'security'],
        properties: { id: STRING, title: STRING, phase: STRING, due: STRING, ownerLogins: STRINGS, security: { type: 'boolean' } },
      },
    },
    escalation: { type: 'object', required: ['default', 'security'], properties: { default: { type: 'array' }, security: { type: 'array' } } },
    unconfiguredOwners: STRINGS,
  },
};

export const PLAN_DATA = hiddenData<Plan>('plan', PLAN_SCHEMA, 'the hidden plan');

/** The hidden comment that carries the plan. */
export function encodePlanComment(plan: Plan): string {
  return PLAN_DATA.encode(plan);
}

/** Decodes the plan from the exact text of one hidden comment; undefined for anything else. */
export function decodePlanComment(comment: string): Plan | undefined {
  const read = PLAN_DATA.read(comment.trim());
  return read.status === 'ok' ? read.value : undefined;
}
