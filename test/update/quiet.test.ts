import { describe, expect, it } from 'vitest';
import { labelSet } from '../../src/domain/labels.js';
import type { TrackerSnapshot } from '../../src/domain/types.js';
import type { Write } from '../../src/domain/writes.js';
import { decodeLedger, emptyLedger } from '../../src/ledger/ledger.js';
import { decideInFull, decideTracker, type TrackerDecision } from '../../src/update/decide.js';
import { bodyHash, quietDecision, recordedView } from '../../src/update/quiet.js';
import { renderTracker } from '../../src/tracker/render.js';
import { buildPlan } from '../tracker/plan-builder.js';

const labels = labelSet('offboarding');
const BOT = { login: 'github-actions', bot: true };

function decided(decision: TrackerDecision): Extract<TrackerDecision, { kind: 'decided' }> {
  if (decision.kind !== 'decided') throw new Error(`expected a decision, got ${decision.kind}`);
  return decision;
}

function tick(body: string, id: string): string {
  return body
    .split('\n')
    .map((line) => (line.includes(`<!-- task:${id} -->`) ? line.replace('[ ]', '[x]') : line))
    .join('\n');
}

/** The writes as GitHub would carry them out, at `at`. */
function apply(snap: TrackerSnapshot, writes: readonly Write[], at: Date): TrackerSnapshot {
  let comments = [...snap.comments];
  let labelsNow = [...snap.labels];
  let assignees = [...(snap.assignees ?? [])];
  const iso = at.toISOString();
  for (const w of writes) {
    if (w.kind === 'create-comment') comments.push({ id: 100 + comments.length, body: w.body, createdAt: iso, author: BOT });
    if (w.kind === 'update-comment') comments = comments.map((c) => (c.id === w.commentId ? { ...c, body: w.body, editor: BOT, editedAt: iso } : c));
    if (w.kind === 'add-labels') labelsNow.push(...w.labels);
    if (w.kind === 'remove-label') labelsNow = labelsNow.filter((l) => l !== w.label);
    if (w.kind === 'add-assignees') assignees.push(...w.assignees);
    if (w.kind === 'remove-assignees') assignees = assignees.filter((l) => !w.assignees.includes(l));
  }
  return { ...snap, comments, labels: labelsNow, assignees };
}

/** A tracker just after intake, as the action left it. */
function intake(): { snap: TrackerSnapshot; at: Date } {
  const plan = buildPlan({ request: { assets: ['Laptop'] } });
  const at = new Date('2026-11-26T10:00:00Z');
  const snap: TrackerSnapshot = {
    number: 7,
    title: 'Offboarding: Jane Doe — last day 2026-12-04',
    body: renderTracker(plan, 'original'),
    state: 'open',
    createdAt: at.toISOString(),
    author: 'hr-hana',
    labels: ['offboarding'],
    assignees: [],
    comments: [],
  };
  const first = decided(decideTracker({ snapshot: snap, now: at, labels, initialLedger: emptyLedger(plan) }));
  return { snap: apply(snap, first.writes, at), at };
}

describe('telling an unchanged tracker without parsing it', () => {
  it('decides exactly as the full decision whenever it says nothing changed, over two weeks of sweeps and edits', () => {
    let { snap } = intake();
    const start = Date.parse('2026-11-26T10:17:00Z');
    let quiet = 0;
    let steps = 0;
    for (let t = start; t < Date.parse('2026-12-14T00:00:00Z'); t += 37 * 60_000, steps += 1) {
      const now = new Date(t);
      // People act now and then: ticks, a label removed by hand, a label of their own, a note in the body.
      if (steps === 40) snap = { ...snap, body: tick(snap.body, 'disable-email') };
      if (steps === 120) snap = { ...snap, labels: snap.labels.filter((l) => !l.startsWith('offboarding:phase-')) };
      if (steps === 200) snap = { ...snap, labels: [...snap.labels, 'priority'] };
      if (steps === 300) snap = { ...snap, body: `${snap.body}\n\nA note from HR.` };
      if (steps === 400) snap = { ...snap, assignees: [...(snap.assignees ?? []), 'someone-else'] };
      if (steps === 500) snap = { ...snap, body: tick(tick(snap.body, 'revoke-vpn'), 'collect-laptop') };
      const fast = quietDecision({ snapshot: snap, now, labels });
      const first = decideInFull({ snapshot: snap, now, labels });
      // A tick no event reported asks for the edit history (none here: recorded as observed).
      const full = decided(first.kind === 'needs-history' ? decideInFull({ snapshot: snap, now, labels, history: [] }) : first);
      if (fast) {
        quiet += 1;
        expect(full.writes, `${now.toISOString()}: the full decision writes`).toEqual([]);
        expect(fast.summary).toEqual(full.summary);
        expect(fast.plan).toEqual(full.plan);
      }
      snap = apply(snap, full.writes, now);
    }
    // Most sweeps are quiet: only those after a change or at a deadline decide in full.
    expect(quiet / steps).toBeGreaterThan(0.9);
  });

  it('is quiet right after the action wrote the tracker, and not when the body, labels, assignees, comments or time say otherwise', () => {
    const { snap } = intake();
    const now = new Date('2026-11-27T09:00:00Z');
    expect(quietDecision({ snapshot: snap, now, labels })).toBeDefined();
    expect(decideTracker({ snapshot: snap, now, labels })).toMatchObject({ kind: 'decided', writes: [] });
    // The body changed (a tick, or any other text).
    expect(quietDecision({ snapshot: { ...snap, body: tick(snap.body, 'disable-email') }, now, labels })).toBeUndefined();
    expect(quietDecision({ snapshot: { ...snap, body: `${snap.body} ` }, now, labels })).toBeUndefined();
    // A managed label removed by hand; an unrelated label is no reason.
    expect(quietDecision({ snapshot: { ...snap, labels: ['offboarding'] }, now, labels })).toBeUndefined();
    expect(quietDecision({ snapshot: { ...snap, labels: [...snap.labels, 'priority'] }, now, labels })).toBeDefined();
    // An owner unassigned by hand.
    expect(quietDecision({ snapshot: { ...snap, assignees: (snap.assignees ?? []).slice(1) }, now, labels })).toBeUndefined();
    // A comment of the action's after its status comment: a run that posted and failed to record.
    const later = { id: 999, body: '<!-- offboarding:escalation disable-email@0 -->', createdAt: '2026-11-27T08:00:00Z', author: BOT };
    expect(quietDecision({ snapshot: { ...snap, comments: [...snap.comments, later] }, now, labels })).toBeUndefined();
    // The first deadline has passed.
    expect(quietDecision({ snapshot: snap, now: new Date('2026-12-04T23:00:00Z'), labels })).toBeUndefined();
    // GitHub access is now checked, or differently.
    expect(quietDecision({ snapshot: snap, now, labels, access: { org: 'acme', available: false } })).toBeUndefined();
    // Closed.
    expect(quietDecision({ snapshot: { ...snap, state: 'closed' }, now, labels })).toBeUndefined();
  });

  it('records the body it saw and the next instant that matters, and keeps its plan at hand', () => {
    const { snap } = intake();
    const status = snap.comments.find((c) => c.body.includes('offboarding:status'));
    const read = decodeLedger(status?.body ?? '');
    expect(read.status).toBe('ok');
    if (read.status !== 'ok') return;
    expect(read.ledger.seen).toMatchObject({ body: bodyHash(snap.body), until: '2026-12-04T22:59:00.000Z', access: '' });
    expect(recordedView(snap)?.plan).toEqual(read.ledger.plan);
    expect(recordedView({ ...snap, body: `${snap.body}x` })).toBeUndefined();
  });

  it('is never quiet while an escalation is due but was held back, so the next sweep posts it', () => {
    let { snap } = intake();
    // The security tasks' escalation (4 h after their deadline, 22:59) is due at 02:59.
    const now = new Date('2026-12-05T03:30:00Z');
    const held = decided(decideTracker({ snapshot: snap, now, labels, held: { escalations: true, report: false } }));
    expect(held.writes.some((w) => w.kind === 'create-comment' && w.purpose === 'escalation')).toBe(false);
    snap = apply(snap, held.writes, now);
    const later = new Date('2026-12-05T04:30:00Z');
    expect(quietDecision({ snapshot: snap, now: later, labels })).toBeUndefined();
    const next = decided(decideTracker({ snapshot: snap, now: later, labels }));
    expect(next.writes.filter((w) => w.kind === 'create-comment' && w.purpose === 'escalation')).toHaveLength(1);
  });
});
