/**
 * The sweep's write batch: the label changes and status-comment edits of many trackers, sent
 * together as GraphQL mutations (github/batch.ts) instead of one REST request each. A tracker's
 * comments are still posted at once, in order, over REST (they notify people, are never retried
 * blindly and count against the content budget); only what follows them waits here, and only for
 * trackers whose writes are nothing but comments, labels, assignees and comment edits (a tracker
 * being closed, converted or rewritten is written in full, in order, at once).
 *
 * Whatever a batch could not do (a request that failed, a mutation GitHub refused, a node id not
 * known) is done over REST, write by write; what still fails is that tracker's failure.
 */
import type { TrackerSnapshot } from '../domain/types.js';
import type { Write, WritePerformer } from '../domain/writes.js';
import { isBatchable, sendBatch, type BatchableWrite, type BatchMutation } from '../github/batch.js';
import type { GitHubClient } from '../github/client.js';
import { graphqlUnavailable } from '../github/errors.js';

/** Trackers whose writes wait before the batch is sent (a request carries up to this many trackers' writes). */
export const BATCH_TRACKERS = 25;
/** Mutations in one request, and the comment text they carry: a request GitHub answers well within its timeout. */
const MAX_MUTATIONS = 60;
const MAX_BODY_CHARS = 400_000;

const IMMEDIATE = new Set<Write['kind']>(['create-comment', 'create-label', 'add-assignees', 'remove-assignees']);

export interface WriteBatch {
  /** Whether this tracker's writes may wait in the batch (comments and the rest still go at once). */
  readonly accepts: (writes: readonly Write[]) => boolean;
  /** Takes a tracker's batchable writes, once its other writes were made. */
  readonly add: (writes: readonly BatchableWrite[]) => void;
  /** Trackers whose writes wait. */
  readonly pending: () => number;
  /** Sends what waits; returns the trackers that failed, with how many of their writes were not made. */
  readonly flush: () => Promise<Array<{ issue: number; error: unknown; writes: number }>>;
}

export interface BatchOptions {
  readonly client: GitHubClient;
  /** The REST performer, for what a batch could not do. */
  readonly perform: WritePerformer;
  /** Node ids of labels by name (lower case); read again when a label is missing (one created in this run). */
  readonly labelIds: (refresh: boolean) => Promise<ReadonlyMap<string, string>>;
  readonly snapshots: readonly TrackerSnapshot[];
  readonly log: (line: string) => void;
}

export function createWriteBatch(options: BatchOptions): WriteBatch {
  const issueIds = new Map<number, string>();
  const commentIds = new Map<number, string>();
  for (const s of options.snapshots) {
    if (s.nodeId) issueIds.set(s.number, s.nodeId);
    for (const c of s.comments) if (c.nodeId) commentIds.set(c.id, c.nodeId);
  }
  let waiting: BatchableWrite[][] = [];
  let graphql = true;

  const known = (write: Write): boolean => {
    if (!isBatchable(write)) return IMMEDIATE.has(write.kind);
    return write.kind === 'update-comment' ? commentIds.has(write.commentId) : issueIds.has(write.issue);
  };

  const mutationFor = (write: BatchableWrite, labels: ReadonlyMap<string, string>): BatchMutation | undefined => {
    if (write.kind === 'update-comment') {
      const commentId = commentIds.get(write.commentId);
      return commentId ? { kind: 'update-comment', commentId, body: write.body } : undefined;
    }
    const labelableId = issueIds.get(write.issue);
    const names = write.kind === 'add-labels' ? write.labels : [write.label];
    const labelIds = names.map((n) => labels.get(n.toLowerCase()));
    if (!labelableId || labelIds.some((id) => id === undefined)) return undefined;
    return { kind: write.kind, labelableId, labelIds: labelIds as string[] };
  };

  /** One tracker's writes over REST, in order; the first failure is the tracker's. */
  const overRest = async (writes: readonly BatchableWrite[]): Promise<{ error: unknown; writes: number } | undefined> => {
    for (const [i, write] of writes.entries()) {
      try {
        await options.perform(write);
      } catch (error) {
        return { error, writes: writes.length - i };
      }
    }
    return undefined;
  };

  return {
    accepts: (writes) => writes.some(isBatchable) && writes.every(known),
    add: (writes) => {
      if (writes.length > 0) waiting.push([...writes]);
    },
    pending: () => waiting.length,
    flush: async () => {
      const trackers = waiting;
      waiting = [];
      if (trackers.length === 0) return [];
      const failed: Array<{ issue: number; error: unknown; writes: number }> = [];
      const fallBack = async (group: readonly BatchableWrite[]): Promise<void> => {
        const outcome = await overRest(group);
        if (outcome && group[0]) failed.push({ issue: group[0].issue, ...outcome });
      };
      if (!graphql) {
        for (const group of trackers) await fallBack(group);
        return failed;
      }
      const names = trackers.flat().flatMap((w) => (w.kind === 'add-labels' ? w.labels : w.kind === 'remove-label' ? [w.label] : []));
      let labels: ReadonlyMap<string, string> = new Map();
      try {
        if (names.length > 0) labels = await options.labelIds(false);
        if (names.some((n) => !labels.has(n.toLowerCase()))) labels = await options.labelIds(true);
      } catch {
        // Label ids unknown: those writes go over REST, by name.
      }

      // Chunks of whole trackers: a tracker's writes travel in one request.
      let chunk: Array<{ group: BatchableWrite[]; mutations: BatchMutation[] }> = [];
      let size = 0;
      let chars = 0;
      const send = async (): Promise<void> => {
        const sending = chunk;
        chunk = [];
        size = 0;
        chars = 0;
        if (sending.length === 0) return;
        let answers: Array<Error | undefined> | undefined;
        if (graphql) {
          try {
            answers = await sendBatch(options.client, sending.flatMap((c) => c.mutations));
          } catch (error) {
            // Without GraphQL, every later batch goes over REST too.
            if (graphqlUnavailable(error)) graphql = false;
            else options.log(`The batched label and status writes failed (${error instanceof Error ? error.message : String(error)}); writing them one by one over REST.`);
          }
        }
        if (!answers) {
          for (const { group } of sending) await fallBack(group);
          return;
        }
        let at = 0;
        for (const { group, mutations } of sending) {
          const mine = answers.slice(at, at + mutations.length);
          at += mutations.length;
          // What GitHub refused is tried again over REST: its answer there is the tracker's.
          const refused = group.filter((_, i) => mine[i] !== undefined);
          if (refused.length > 0) await fallBack(refused);
        }
      };
      for (const group of trackers) {
        const mutations = group.map((w) => mutationFor(w, labels));
        if (mutations.some((m) => m === undefined)) {
          await fallBack(group);
          continue;
        }
        const ms = mutations as BatchMutation[];
        const text = ms.reduce((sum, m) => sum + (m.kind === 'update-comment' ? m.body.length : 0), 0);
        if (chunk.length > 0 && (size + ms.length > MAX_MUTATIONS || chars + text > MAX_BODY_CHARS)) await send();
        chunk.push({ group, mutations: ms });
        size += ms.length;
        chars += text;
      }
      await send();
      return failed;
    },
  };
}
