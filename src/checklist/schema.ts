import type { SchemaObject } from 'ajv';
import { LOGIN_SCHEMA_PATTERN } from '../domain/login.js';
import { DAY_NAMES, DAYS_PATTERN, TIME_PATTERN } from './hours.js';
import { NON_NEGATIVE_OFFSET_PATTERN, OFFSET_PATTERN } from './offset.js';

/**
 * The JSON Schema of a checklist file, as written in YAML (kebab-case keys).
 *
 * Each `description` doubles as the "what is allowed" half of an error message, so it is
 * written for the person editing the file. Rules that need more than one value at a time
 * (references between keys, duplicates, time zones) live in `cross-check.ts`.
 */

/** Ids end up in label names and hidden markers, so they stay plain. */
export const ID_PATTERN = '^[a-z0-9][a-z0-9-]*$';

/** Form field ids a task's `when` may test. */
export const WHEN_FIELDS = [
  'department',
  'departure-type',
  'employee-name',
  'employee-login',
  'manager',
  'last-day',
] as const;

const login = {
  type: 'string',
  pattern: LOGIN_SCHEMA_PATTERN,
  description: 'a GitHub login: letters, digits and single hyphens, at most 39 characters, optionally with a leading @',
};

const logins = {
  type: 'array',
  items: login,
  description: 'a list of GitHub logins, e.g. [it-ivan, it-irene]',
};

const id = (what: string) => ({
  type: 'string',
  pattern: ID_PATTERN,
  description: `a ${what} id: lowercase letters, digits and hyphens, starting with a letter or digit (it becomes a label name and a hidden marker)`,
});

const offset = {
  type: 'string',
  pattern: OFFSET_PATTERN,
  description: 'an offset from the last day: a whole number followed by d (days), bd (business days) or h (hours), e.g. 0d, 1d, -2d, 5bd, 4h',
};

const nonNegativeOffset = {
  type: 'string',
  pattern: NON_NEGATIVE_OFFSET_PATTERN,
  description: 'a duration that is not negative: a whole number followed by d (days), bd (business days) or h (hours), e.g. 0h, 4h, 1bd',
};

const nonEmptyText = (what: string) => ({
  type: 'string',
  minLength: 1,
  pattern: '\\S',
  description: `${what} (text, not empty)`,
});

const escalationLadder = {
  type: 'array',
  description: 'a list of levels such as { after: 4h, notify: [owners, manager, escalate-to] }; a negative after (-1bd) is a reminder before the task falls due',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['after', 'notify'],
    properties: {
      after: {
        type: 'string',
        pattern: OFFSET_PATTERN,
        description: 'how long after the task falls due: a whole number followed by d, bd or h, e.g. 0h, 4h, 1bd; negative (-1bd) for a reminder before',
      },
      notify: {
        type: 'array',
        minItems: 1,
        uniqueItems: true,
        description: 'a list of who to notify: owners, manager, escalate-to',
        items: {
          type: 'string',
          enum: ['owners', 'manager', 'escalate-to'],
          description: 'who to notify: owners, manager or escalate-to',
        },
      },
    },
  },
};

export const CHECKLIST_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'a checklist: a mapping with the keys timezone, requesters, owners, phases, tasks, assets, involuntary, escalation',
  additionalProperties: false,
  properties: {
    timezone: {
      type: 'string',
      description: 'an IANA time zone name such as Europe/Berlin or America/New_York',
    },
    requesters: logins,
    owners: {
      type: 'object',
      description: 'a mapping from owner key (e.g. IT) to { logins: [...], escalate-to: [...] }',
      additionalProperties: {
        type: ['object', 'null'],
        description: 'an owner: { logins: [...], escalate-to: [...] } (both optional)',
        additionalProperties: false,
        properties: {
          logins,
          'escalate-to': logins,
        },
      },
    },
    phases: {
      type: 'array',
      minItems: 1,
      description: 'a list of phases, each { id, title, due }',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'due'],
        properties: {
          id: id('phase'),
          title: nonEmptyText('the phase title'),
          due: offset,
        },
      },
    },
    tasks: {
      type: 'array',
      minItems: 1,
      description: 'a list of tasks, each { id, title, phase, owner } plus optional security, link, when, controls, strict, workflow, github',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'phase', 'owner'],
        properties: {
          id: id('task'),
          title: nonEmptyText('the task title'),
          phase: { type: 'string', description: 'the id of a phase declared under phases' },
          owner: { type: 'string', description: 'a key of owners, or manager' },
          security: { type: 'boolean', description: 'true or false' },
          link: {
            type: 'string',
            pattern: '^https?://\\S+$',
            description: 'an http(s) URL, e.g. https://wiki.example.com/runbooks/email',
          },
          when: {
            type: 'object',
            description: `a mapping from form field id (${WHEN_FIELDS.join(', ')}) to a list of accepted values`,
            additionalProperties: false,
            properties: Object.fromEntries(
              WHEN_FIELDS.map((field) => [
                field,
                {
                  type: 'array',
                  minItems: 1,
                  description: `a list of accepted values for the form field ${field}, e.g. [Engineering]`,
                  items: { type: 'string', description: 'an accepted value (text)' },
                },
              ]),
            ),
          },
          controls: {
            type: 'array',
            description: 'a list of audit controls this task evidences, e.g. [PS-4(a), PS-4(b)]',
            items: nonEmptyText('an audit control such as PS-4(a)'),
          },
          strict: {
            type: 'boolean',
            description: 'true (only a tick by an owner completes the task) or false',
          },
          workflow: {
            type: 'string',
            pattern: '^[A-Za-z0-9._-]+\\.ya?ml$',
            description: 'the file name of a workflow in .github/workflows/ of this repository, e.g. revoke-okta.yml',
          },
          github: {
            type: 'string',
            enum: ['remove', 'verify'],
            description: 'remove (the action removes the organisation access, after confirmation, and verifies) or verify (it only verifies)',
          },
        },
      },
    },
    assets: {
      type: 'object',
      description: 'where the form\'s asset lines go: { phase, owner }',
      additionalProperties: false,
      properties: {
        phase: { type: 'string', description: 'the id of a phase declared under phases' },
        owner: { type: 'string', description: 'a key of owners, or manager' },
      },
    },
    involuntary: {
      type: 'object',
      description: 'settings for involuntary departures: { security-grace: 1h }',
      additionalProperties: false,
      properties: {
        'security-grace': nonNegativeOffset,
      },
    },
    escalation: {
      type: 'object',
      description: 'escalation ladders and working hours: { default: [...], security: [...], hours: {...} }',
      additionalProperties: false,
      properties: {
        default: escalationLadder,
        security: escalationLadder,
        hours: {
          type: 'object',
          description: 'working hours: { days: Mon-Fri, from: "09:00", to: "18:00" }',
          additionalProperties: false,
          required: ['days', 'from', 'to'],
          properties: {
            days: {
              type: ['string', 'array'],
              pattern: DAYS_PATTERN,
              items: { type: 'string', enum: DAY_NAMES },
              description: 'days of the week: a range such as Mon-Fri, a list such as Mon,Wed,Fri, or [Mon, Tue]',
            },
            from: { type: 'string', pattern: TIME_PATTERN, description: 'a time of day as "HH:MM" (quoted), e.g. "09:00"' },
            to: { type: 'string', pattern: TIME_PATTERN, description: 'a time of day as "HH:MM" (quoted), e.g. "18:00"' },
          },
        },
      },
    },
  },
};
