import { describe, expect, it } from 'vitest';
import type { Plan, TrackerSnapshot } from '../../src/domain/types.js';
import { labelSet } from '../../src/domain/labels.js';
import { decodeLedger, emptyLedger, encodeLedger } from '../../src/ledger/ledger.js';
import { reconcile, ticksFromEdit, unrecordedChanges } from '../../src/ledger/attribution.js';
import { decideTracker, type TrackerDecision } from '../../src/update/decide.js';
import { peopleFor } from '../../src/escalation/escalation.js';
import { computeProgress } from '../../src/tracker/progress.js';
import { parseTracker } from '../../src/tracker/parse.js';
import { renderTracker } from '../../src/tracker/render.js';
import type { Write } from '../../src/domain/writes.js';
import { buildPlan, task } from '../tracker/plan-builder.js';

const labels = labelSet('offboarding');

function tick(body: string, id: string, mark = 'x', extra = ''): string {
  return body
    .split('\n')
    .map((line) => (line.includes(`<!-- task:${id} -->`) ? line.replace('[ ]', `[${mark}]`).replace(' <!--', `${extra} <!--`) : line))
    .join('\n');
}

function snapshot(options: { plan?: Plan; body?: string; comments?: TrackerSnapshot['comments']; labels?: string[] } = {}): TrackerSnapshot {
  const plan = options.plan ?? buildPlan();
  return {
    number: 7,
    title: 'Offboarding: Jane Doe — last day 2026-12-04',
    body: options.body ?? renderTracker(plan, 'original'),
    state: 'open',
    createdAt: '2026-11-26T10:00:00Z',
    author: 'hr-hana',
    labels: options.labels ?? ['offboarding', 'offboarding:phase-immediate'],
    comments: options.comments ?? [],
  };
}

function decided(decision: TrackerDecision): Extract<TrackerDecision, { kind: 'decided' }> {
  if (decision.kind !== 'decided') throw new Error(`expected a decision, got ${decision.kind}`);
  return decision;
}

/** Applies the decision's comment writes to the snapshot, as GitHub would. */
function apply(snap: TrackerSnapshot, writes: readonly Write[]): TrackerSnapshot {
  let comments = [...snap.comments];
  let labelsNow = [...snap.labels];
  for (const w of writes) {
    if (w.kind === 'create-comment') comments.push({ id: 100 + comments.length, body: w.body, createdAt: '2026-12-05T00:00:00Z' });
    if (w.kind === 'update-comment') comments = comments.map((c) => (c.id === w.commentId ? { ...c, body: w.body } : c));
    if (w.kind === 'add-labels') labelsNow.push(...w.labels);
    if (w.kind === 'remove-label') labelsNow = labelsNow.filter((l) => l !== w.label);
  }
  return { ...snap, comments, labels: labelsNow };
}

describe('progress', () => {
  it('counts N/A out of the total, reads struck-through ticks as N/A, and adds person-made checkboxes to their phase', () => {
    const plan = buildPlan();
    let body = renderTracker(plan, 'original');
    body = tick(body, 'disable-email');
    body = tick(body, 'collect-laptop', 'X', ' N/A: remote worker, laptop kept');
    body = body.replace(/- \[ \] (Exit interview.*)$/m, '- [x] ~~$1~~');
    body = body.replace(/(<!-- task:revoke-vpn -->)/, '$1\n- [ ] Revoke the door code');
    const progress = computeProgress(plan, parseTracker(body), emptyLedger(plan), new Date('2026-11-27T00:00:00Z'));
    expect(progress.done).toBe(1);
    expect(progress.na).toBe(2);
    expect(progress.total).toBe(4);
    const extra = progress.tasks.find((t) => t.extra);
    expect(extra).toMatchObject({ phase: 'immediate', state: 'open' });
    expect(progress.tasks.find((t) => t.key === 'collect-laptop')?.naReason).toBe('remote worker, laptop kept');
  });

  it('ignores checkboxes inside code blocks', () => {
    const plan = buildPlan();
    const body = `${renderTracker(plan, 'original')}\n\n\`\`\`\n- [ ] not a task\n- [x] nor this <!-- task:disable-email -->\n\`\`\`\n`;
    const progress = computeProgress(plan, parseTracker(body), emptyLedger(plan), new Date('2026-11-27T00:00:00Z'));
    expect(progress.tasks).toHaveLength(plan.tasks.length);
    expect(progress.done).toBe(0);
  });
});

describe('escalation', () => {
  it('never names the departing employee, even when they are an owner or the manager’s escalation', () => {
    const plan = buildPlan({ tasks: [task({ id: 'x', ownerLogins: ['jdoe', 'it-ivan'], escalateTo: ['JDoe'] })] });
    const progress = computeProgress(plan, parseTracker(renderTracker(plan, '')), emptyLedger(plan), new Date('2026-12-06T00:00:00Z'));
    const { people } = peopleFor(plan, progress.tasks[0]!, ['owners', 'manager', 'escalate-to']);
    expect(people).toEqual(['it-ivan', 'mgr-mia']);
  });

  it('does not mention a person who is leaving themselves, and says so', () => {
    const plan = buildPlan({ tasks: [task({ id: 'x', ownerLogins: ['it-ivan'], escalateTo: ['cio-carla'] })] });
    const progress = computeProgress(plan, parseTracker(renderTracker(plan, '')), emptyLedger(plan), new Date('2026-12-06T00:00:00Z'));
    const { people, skipped } = peopleFor(plan, progress.tasks[0]!, ['owners', 'escalate-to'], new Map([['cio-carla', 42]]));
    expect(people).toEqual(['it-ivan']);
    expect(skipped).toEqual([{ login: 'cio-carla', tracker: 42 }]);
  });

  it('posts each (task, level) once ever, in one comment per run, and a ticked task stops climbing', () => {
    const plan = buildPlan();
    let snap = snapshot({ plan });
    const at = (iso: string) => new Date(iso);
    // Security tasks (due 22:59 on Dec 4) escalate after 4h on their ladder: nothing at 02:00.
    const early = decided(decideTracker({ snapshot: snap, now: at('2026-12-05T02:00:00Z'), labels, initialLedger: emptyLedger(plan) }));
    expect(early.writes.filter((w) => w.kind === 'create-comment' && w.purpose === 'escalation')).toEqual([]);
    snap = apply(snap, early.writes);
    const first = decided(decideTracker({ snapshot: snap, now: at('2026-12-05T03:00:00Z'), labels }));
    const posted = first.writes.filter((w) => w.kind === 'create-comment' && w.purpose === 'escalation');
    expect(posted).toHaveLength(1);
    expect(posted[0] && 'body' in posted[0] ? posted[0].body : '').toMatch(/disable-email@0 revoke-vpn@0/);
    snap = apply(snap, first.writes);
    // Same instant again: nothing to write.
    expect(decided(decideTracker({ snapshot: snap, now: at('2026-12-05T03:00:00Z'), labels })).writes).toEqual([]);
    // The laptop falls due on Dec 5; disable-email was ticked meanwhile and is not named again.
    const before = snap.body;
    snap = { ...snap, body: tick(snap.body, 'disable-email') };
    const later = decided(
      decideTracker({
        snapshot: snap,
        now: at('2026-12-06T00:00:00Z'),
        labels,
        event: { kind: 'edited', from: before, to: snap.body, sender: 'it-ivan', at: '2026-12-05T04:00:00Z' },
      }),
    );
    const next = later.writes.filter((w) => w.kind === 'create-comment' && w.purpose === 'escalation');
    expect(next).toHaveLength(1);
    const text = next[0] && 'body' in next[0] ? next[0].body : '';
    expect(text).toMatch(/<!-- offboarding:escalation collect-laptop@0 -->/);
    expect(text).not.toMatch(/Disable email/);
  });

  it('does not repeat an escalation whose comment was posted but never recorded', () => {
    const plan = buildPlan();
    const snap = snapshot({ plan });
    const first = decided(decideTracker({ snapshot: snap, now: new Date('2026-12-05T05:00:00Z'), labels, initialLedger: emptyLedger(plan) }));
    // Only the escalation comment landed; the status write failed.
    const escalation = first.writes.filter((w) => w.kind === 'create-comment' && w.purpose === 'escalation');
    expect(escalation).toHaveLength(1);
    const partial = apply(snap, escalation);
    const again = decided(decideTracker({ snapshot: partial, now: new Date('2026-12-05T05:00:00Z'), labels }));
    expect(again.writes.filter((w) => w.kind === 'create-comment' && w.purpose === 'escalation')).toEqual([]);
  });
});

describe('attribution', () => {
  const plan = buildPlan();
  const base = renderTracker(plan, 'original');

  it('takes ticks and unticks from an edited event with its sender and time', () => {
    const ticked = tick(base, 'disable-email');
    expect(ticksFromEdit(plan, base, ticked, 'it-ivan', '2026-11-26T11:00:00Z')).toEqual([
      { task: 'disable-email', state: 'done', at: '2026-11-26T11:00:00.000Z', by: 'it-ivan', source: 'event', reason: undefined },
    ]);
    expect(ticksFromEdit(plan, ticked, base, 'it-irene', '2026-11-26T12:00:00Z')[0]).toMatchObject({ state: 'open', by: 'it-irene' });
  });

  it('records an unrecorded tick as observed, actor unknown, when the edit history does not show it', () => {
    const ticked = tick(base, 'revoke-vpn');
    const changes = unrecordedChanges(plan, emptyLedger(plan), ticked);
    expect([...changes.keys()]).toEqual(['revoke-vpn']);
    expect(reconcile(plan, changes, [], new Date('2026-11-27T00:00:00Z'))).toEqual([
      { task: 'revoke-vpn', state: 'done', at: '2026-11-27T00:00:00.000Z', source: 'observed', reason: undefined },
    ]);
    // A unified diff is no evidence: its context lines would read as task items.
    const diff = ticked.split('\n').map((line) => ` ${line}`).join('\n');
    expect(reconcile(plan, changes, [{ editedAt: '2026-11-26T11:00:00Z', editor: 'x', body: diff }], new Date('2026-11-27T00:00:00Z'))[0]?.source).toBe('observed');
    // A history whose revisions carry no text (GitHub gave a summary only) is no evidence either.
    expect(reconcile(plan, changes, [{ editedAt: '2026-11-26T11:00:00Z', editor: 'x' }], new Date('2026-11-27T00:00:00Z'))[0]?.source).toBe('observed');
  });
});

describe('ledger', () => {
  it('round-trips and rejects a tampered record', () => {
    const ledger = { ...emptyLedger(buildPlan()), ticks: [{ task: 'a', state: 'done' as const, at: '2026-11-26T11:00:00.000Z', by: 'x', source: 'event' as const }] };
    const line = encodeLedger(ledger);
    expect(decodeLedger(`text\n${line}`)).toEqual({ status: 'ok', ledger });
    expect(decodeLedger('<!-- offboarding:ledger bm9wZQ== -->').status).toBe('damaged');
    const forged = Buffer.from(JSON.stringify({ v: 1, ticks: [{ task: 'a' }], escalations: [], completions: [], notes: [] })).toString('base64');
    expect(decodeLedger(`<!-- offboarding:ledger ${forged} -->`)).toMatchObject({ status: 'damaged' });
    expect(decodeLedger('no ledger here').status).toBe('missing');
  });
});

describe('labels and status', () => {
  it('writes nothing when nothing changed, and recreates a deleted status comment', () => {
    const plan = buildPlan();
    const now = new Date('2026-11-27T00:00:00Z');
    const first = decided(decideTracker({ snapshot: snapshot({ plan }), now, labels, initialLedger: emptyLedger(plan) }));
    const settled = apply(snapshot({ plan }), first.writes);
    expect(decided(decideTracker({ snapshot: settled, now, labels })).writes).toEqual([]);
    const gone = decided(decideTracker({ snapshot: { ...settled, comments: [] }, now, labels }));
    expect(gone.writes.map((w) => w.kind)).toEqual(['create-comment']);
  });

  it('reports a tracker whose plan is gone everywhere as broken', () => {
    const decision = decideTracker({ snapshot: snapshot({ body: '<!-- offboarding:tracker v1 -->\n- [ ] x' }), now: new Date(), labels });
    expect(decision.kind).toBe('broken');
  });
});
