import { describe, expect, it } from 'vitest';
import { escalationMarker } from '../../src/domain/markers.js';
import type { Write } from '../../src/domain/writes.js';
import { allotContent, contentDemands, contentRoom, escalationKind, heldTotal, recentContent, type ContentDemand } from '../../src/sweep/budget.js';
import { buildPlan, DEFAULT_TASKS } from '../tracker/plan-builder.js';

const plan = (() => {
  const base = buildPlan();
  // A reminder two days before each ordinary deadline, then the ladder.
  return {
    ...base,
    escalation: {
      ...base.escalation,
      default: [{ after: { amount: -2, unit: 'd' as const, text: '-2d' }, notify: ['owners' as const] }, ...base.escalation.default],
    },
  };
})();

const body = (keys: string[]): string => `${escalationMarker(keys)}\nbody`;
const comment = (issue: number, keys: string[]): Write => ({ kind: 'create-comment', issue, purpose: 'escalation', body: body(keys) });

describe('the content budget', () => {
  it('tells a security escalation, an ordinary one and a reminder from the keys a comment posts', () => {
    expect(escalationKind(plan, body(['disable-email@0', 'collect-laptop@1']))).toMatchObject({ kind: 'security-escalation' });
    expect(escalationKind(plan, body(['collect-laptop@1']))).toMatchObject({ kind: 'escalation' });
    expect(escalationKind(plan, body(['collect-laptop@0', 'exit-interview@0']))).toMatchObject({ kind: 'reminder' });
    // The most overdue task the comment is about orders it among its kind.
    const due = DEFAULT_TASKS.find((t) => t.id === 'collect-laptop')?.due ?? '';
    expect(escalationKind(plan, body(['collect-laptop@1'])).since).toBe(Date.parse(due));
  });

  it('spends the budget on requests, security, other escalations, reports and reminders, in that order, and holds the rest', () => {
    const demands: ContentDemand[] = [
      { issue: 1, kind: 'reminder', cost: 1, since: 0 },
      { issue: 2, kind: 'report', cost: 3, since: 0 },
      { issue: 3, kind: 'escalation', cost: 1, since: 5 },
      { issue: 4, kind: 'escalation', cost: 1, since: 1 },
      { issue: 5, kind: 'security-escalation', cost: 1, since: 9 },
      { issue: 6, kind: 'request', cost: 1, since: 0 },
      { issue: 7, kind: 'record', cost: 1, since: 0 },
    ];
    const three = allotContent(demands, 3);
    // The status comment made afresh (#7) is never held; then #6, #5; #4 is the more overdue escalation.
    expect([...three.held.keys()].sort()).toEqual([1, 2, 3, 4]);
    expect(three.spent).toBe(3);
    expect(three.heldCounts).toMatchObject({ escalation: 2, report: 3, reminder: 1, 'security-escalation': 0, request: 0 });
    expect(heldTotal(three.heldCounts)).toBe(6);
    // A report that does not fit does not keep a smaller reminder after it from going out.
    const six = allotContent(demands, 6);
    expect([...six.held.keys()]).toEqual([2]);
    expect(six.spent).toBe(6);
    expect(allotContent(demands, 100).held.size).toBe(0);
    // Nothing left at all (the hour is spent): only the record goes.
    expect(allotContent(demands, -4)).toMatchObject({ spent: 1 });
  });

  it('counts what a tracker creates, and what the action created in the hour before', () => {
    const writes: Write[] = [
      comment(9, ['disable-email@0']),
      { kind: 'add-labels', issue: 9, labels: ['offboarding:overdue'] },
      { kind: 'create-comment', issue: 9, purpose: 'status', body: 'status' },
      { kind: 'update-comment', issue: 9, commentId: 1, purpose: 'status', body: 'status' },
    ];
    expect(contentDemands(9, plan, writes)).toEqual([
      { issue: 9, kind: 'security-escalation', cost: 1, since: Date.parse('2026-12-04T22:59:00.000Z') },
      { issue: 9, kind: 'record', cost: 1, since: 0 },
    ]);
    const now = new Date('2026-12-05T10:00:00Z');
    const at = (iso: string): { createdAt: string } => ({ createdAt: iso });
    expect(recentContent([at('2026-12-05T09:00:00Z'), at('2026-12-05T09:00:01Z'), at('2026-12-05T09:59:59Z'), at('2026-12-05T10:00:01Z')], now)).toBe(2);
  });

  it('leaves a sweep an hour after a full one the whole budget, and one soon after only what the hour allows', () => {
    const start = Date.parse('2026-12-05T00:00:00Z');
    // A full sweep: 450 comments, 3 s apart, from midnight on.
    const full = Array.from({ length: 450 }, (_, k) => ({ createdAt: new Date(start + k * 3000).toISOString() }));
    const at = (minutes: number): Date => new Date(start + minutes * 60_000);
    expect(contentRoom(full, at(60), 450, 3000)).toBe(450);
    expect(contentRoom(full, at(30), 450, 3000)).toBe(0);
    // Half the hour spent half an hour ago: room for the other half.
    expect(contentRoom(full.slice(0, 225), at(30), 450, 3000)).toBe(225);
    expect(contentRoom([], at(0), 450, 3000)).toBe(450);
    // All at one instant (the emulator's clock stands still during a run): an hour later, all the room again.
    const burst = Array.from({ length: 450 }, () => ({ createdAt: at(0).toISOString() }));
    expect(contentRoom(burst, at(10), 450, 30)).toBe(0);
    expect(contentRoom(burst, new Date(start + 3600_000 + 1), 450, 30)).toBe(450);
  });
});
