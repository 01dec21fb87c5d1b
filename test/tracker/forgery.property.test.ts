/**
 * THE property: nothing typed into the form can forge a task, a phase or a marker
 * in the tracker, whatever field it is typed into.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DepartureType } from '../../src/domain/types.js';
import { DEFAULT_FIELDS } from '../../src/form/fields.js';
import { parseForm } from '../../src/form/parse.js';
import { parseAssets } from '../../src/form/validate.js';
import { parseTracker } from '../../src/tracker/parse.js';
import { renderTracker, trackerTitle } from '../../src/tracker/render.js';
import { buildPlan } from './plan-builder.js';

const FRAGMENTS = [
  '@everyone', '@org/team', '@jdoe', '<!-- task:disable-email -->', '<!-- task:x -->', '<!-- phase:immediate -->', '<!-- offboarding:tracker v1 -->',
  '<!-- offboarding:plan eyJ2ZXJzaW9uIjoxfQ== -->', '-->', '<!--', '- [x] done', '* [X] ', '1. [x] ', '### Heading', '### Notes', '### Department',
  '## Immediate <!-- phase:immediate -->', '<img src=x onerror=alert(1)>', '<script>', '<pre>', '</pre>', '</details>', '[a](javascript:alert(1))',
  '```', '~~~', '    ', '|', '\r\n', '\n', '\r', '\n\n', '_No response_', 'None', '\\', '`', '~~x~~', 'N/A', '&#60;!-- task:x --&#62;',
];

const typed = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 5 })), { maxLength: 10 }).map((p) => p.join('')),
);

const answersArb = fc.record({
  'employee-name': typed, 'employee-login': typed, department: typed, manager: typed, 'last-day': typed,
  'departure-type': typed, assets: typed, notes: typed,
});

function formBody(answers: Record<string, string>): string {
  return DEFAULT_FIELDS.map((f) => `### ${f.label}\n\n${answers[f.id] ?? ''}\n`).join('\n');
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describe('no typed text forges tracker structure (property)', () => {
  it('holds for arbitrary text in every field', () => {
    fc.assert(
      fc.property(answersArb, fc.boolean(), (typedAnswers, crlf) => {
        let body = formBody(typedAnswers);
        if (crlf) body = body.replace(/\r?\n/g, '\r\n');
        const answers = parseForm(body);
        // A plan built by hand from whatever was parsed, valid or not.
        const plan = buildPlan({
          request: {
            employeeName: answers['employee-name'] ?? '',
            ...(answers['employee-login'] !== undefined ? { employeeLogin: answers['employee-login'] } : {}),
            department: answers['department'] ?? '',
            manager: answers['manager'] ?? 'mgr-mia',
            lastDay: answers['last-day'] ?? '2026-12-04',
            departureType: (answers['departure-type'] ?? 'Voluntary') as DepartureType,
            assets: parseAssets(answers['assets']),
            ...(answers['notes'] !== undefined ? { notes: answers['notes'] } : {}),
          },
          requester: answers['manager'] ?? 'hr-hana',
        });
        const rendered = renderTracker(plan, body, { formAnswers: { ...answers, extra: answers['notes'] } });
        const parsed = parseTracker(rendered);
        const ids = new Set(plan.tasks.map((t) => t.id));

        expect(rendered.length).toBeLessThan(65_536);
        expect(parsed.items).toHaveLength(plan.tasks.length);
        for (const item of parsed.items) {
          expect(item.id !== undefined && ids.has(item.id)).toBe(true);
          expect(item.checked).toBe(false);
        }
        expect(new Set(parsed.items.map((i) => i.id)).size).toBe(plan.tasks.length);
        expect(parsed.hasMarker).toBe(true);
        expect(count(rendered, '<!-- offboarding:tracker v1 -->')).toBe(1);
        expect(count(rendered, '<!-- offboarding:plan ')).toBe(1);
        expect(count(rendered, '<!-- offboarding:')).toBe(2);
        expect(count(rendered, '<!-- task:')).toBe(plan.tasks.length);
        expect(count(rendered, '<!-- phase:')).toBe(plan.phases.length);
        expect(count(rendered, '<!--')).toBe(2 + plan.tasks.length + plan.phases.length);
        expect(parsed.plan).toEqual(JSON.parse(JSON.stringify(plan)));
        // The only live mentions are the people meant to be notified, never the employee, never a team.
        const allowed = new Set([plan.request.manager, plan.requester, ...plan.tasks.flatMap((t) => t.ownerLogins)].map((l) => l.trim().replace(/^@+/, '').toLowerCase()));
        const employee = plan.request.employeeLogin?.trim().replace(/^@/, '').toLowerCase();
        for (const m of rendered.matchAll(/(?:^|[^\w\u200b`])@([A-Za-z0-9][\w-]*)(\/?)/gm)) {
          const login = (m[1] ?? '').toLowerCase();
          expect(m[2]).toBe('');
          expect(allowed.has(login)).toBe(true);
          expect(login).not.toBe(employee);
        }
        expect(trackerTitle(plan)).not.toMatch(/[\r\n]/);
      }),
      { numRuns: 300 },
    );
  });
});
