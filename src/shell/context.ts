/** What every command's shell shares: the one client, the repository, the trust, and the one write gate. */
import type { FileReader } from '../checklist/source.js';
import { withLabelCreation, type LabelSet } from '../domain/labels.js';
import { hasUnknownAuthor, trustedComments, type Trust } from '../domain/trust.js';
import type { TrackerSnapshot } from '../domain/types.js';
import type { Write, WritePerformer } from '../domain/writes.js';
import type { GitHubClient } from '../github/client.js';
import { defaultBranchOf, listLabels } from '../github/files.js';
import { trustForToken } from '../github/identity.js';
import type { Repo } from '../github/repo.js';
import { writePerformer } from '../github/writes.js';
import { executeWrites } from './gate.js';
import { rewriteTracker } from './rewrite.js';
import { removeAccess } from '../github/org.js';
import { listOpenTrackers, type TrackerIndex } from './index.js';
import { formFields, loadChecklistOnce, type Setup } from './setup.js';
import type { Checklist } from '../domain/types.js';
import type { FieldDef } from '../form/fields.js';
import { CONTENT_BUDGET, createsContent, type ContentBudget } from '../sweep/budget.js';
import { contentPacer } from './pace.js';
import { isBatchable, type BatchableWrite } from '../github/batch.js';
import { createWriteBatch, type WriteBatch } from './batch.js';

/** The organisation side of a run: the token's client, the organisation, the cap on removals. */
export interface OrgAccess {
  readonly client?: GitHubClient;
  readonly org: string;
  readonly maxRemovals: number;
}

export interface ContextOptions {
  readonly client: GitHubClient;
  readonly repo: Repo;
  readonly labels: LabelSet;
  readonly now: Date;
  readonly timezone: string;
  readonly dryRun: boolean;
  readonly checklistPath?: string;
  readonly trust: Trust;
  readonly readFile: FileReader;
  readonly log: (line: string) => void;
  /** A warning a person should see (an annotation on GitHub). */
  readonly warn: (line: string) => void;
  /** An error about one tracker or request; the run goes on and ends failed. */
  readonly error: (line: string) => void;
  /** The organisation side (`github:` tasks): the `org-token`'s client, the organisation, the cap. */
  readonly org?: OrgAccess;
  /** Keep the dashboard issue current on each sweep; links point into this repository's web address. */
  readonly dashboard?: { readonly repoUrl: string };
  /** Scales waits for emulator runs (the content pacer's minute); 1 on GitHub. */
  readonly timeScale?: number;
  /** GitHub's content limits, as this run spends them (sweep/budget.ts); tests give smaller ones. */
  readonly contentBudget?: ContentBudget;
}

export interface RunContext extends ContextOptions {
  /**
   * Applies writes through the gate; returns how many were made. With a batch, a tracker's label
   * changes and comment edits may wait in it (its comments never do) until the batch is flushed.
   */
  readonly apply: (writes: readonly Write[], phaseTitles?: ReadonlyMap<string, string>, batch?: WriteBatch) => Promise<number>;
  /** A write batch for many trackers' label changes and comment edits (the sweep's). */
  readonly batch: (snapshots: readonly TrackerSnapshot[]) => WriteBatch;
  /** The snapshot with only the action's own comments. */
  readonly trusted: (snapshot: TrackerSnapshot) => Promise<TrackerSnapshot>;
  /** The trust in force (it learns the personal token's login on the way). */
  readonly currentTrust: () => Trust;
  /** The checklist in force and the form's fields, each read once per run and only when needed. */
  readonly setup: () => Promise<Setup>;
  readonly checklist: () => Promise<Checklist>;
  /** The open trackers, listed once per run (the sweep provides its own pages instead). */
  readonly trackerIndex: () => Promise<TrackerIndex>;
  readonly provideIndex: (index: TrackerIndex) => void;
  /** The branch the company's workflows are dispatched on: the repository's default branch. */
  readonly defaultBranch: () => Promise<string>;
  /** The content budget in force. */
  readonly budget: ContentBudget;
  /** Content-creating requests this run made (comments, issues). */
  readonly contentMade: () => number;
}

export function createContext(options: ContextOptions): RunContext {
  const direct = writePerformer(options.client, options.repo);
  const budget = options.contentBudget ?? CONTENT_BUDGET;
  const pacer = contentPacer(budget.perMinute, 60_000 * (options.timeScale ?? 1));
  const perform: WritePerformer = async (write) => {
    if (createsContent(write)) await pacer.before();
    if (write.kind === 'rewrite-tracker') return rewriteTracker(options.client, options.repo, write);
    if (write.kind === 'remove-org-access') {
      const orgClient = options.org?.client;
      if (!orgClient) throw new Error('no org-token: organisation access cannot be removed');
      await removeAccess(orgClient, write.org, write.login, write.removal);
      return;
    }
    return direct(write);
  };
  let existingLabels: Set<string> | undefined;
  let labelIds: Map<string, string> | undefined;
  const readLabels = async (): Promise<void> => {
    const listed = await listLabels(options.client, options.repo);
    existingLabels = new Set(listed.map((l) => l.name));
    labelIds = new Map(listed.map((l) => [l.name.toLowerCase(), l.nodeId]));
  };
  let trust = options.trust;
  let identified = false;
  let checklist: Promise<Checklist> | undefined;
  let fields: Promise<readonly FieldDef[]> | undefined;
  let index: Promise<TrackerIndex> | undefined;
  let branch: Promise<string> | undefined;
  const ctx: RunContext = {
    ...options,
    budget,
    contentMade: pacer.made,
    currentTrust: () => trust,
    checklist: () =>
      (checklist ??= (fields ??= formFields(options.readFile, options.warn)).then((f) =>
        loadChecklistOnce(options.readFile, options.checklistPath, f, options.warn),
      )),
    setup: async () => ({
      checklist: await ctx.checklist(),
      fields: await (fields ??= formFields(options.readFile, options.warn)),
    }),
    trackerIndex: () => (index ??= listOpenTrackers(ctx)),
    provideIndex: (provided) => {
      index = Promise.resolve(provided);
    },
    // Read only when a dispatch is due (a quiet sweep spends nothing on it).
    defaultBranch: () => (branch ??= defaultBranchOf(options.client, options.repo)),
    trusted: async (snapshot) => {
      // A marker comment by an unknown person may be the action's own under a personal token:
      // ask once who the token is (an installation token cannot say, and keeps the default trust).
      if (!identified && hasUnknownAuthor(snapshot, trust)) {
        identified = true;
        const own = await trustForToken(options.client);
        trust = { logins: new Set([...trust.logins, ...own.logins]) };
      }
      return trustedComments(snapshot, trust);
    },
    apply: async (writes, phaseTitles, batch) => {
      if (writes.length === 0) return 0;
      // The repository's labels are read once per run, and only when a write adds a label.
      if (!existingLabels && writes.some((w) => w.kind === 'add-labels' || w.kind === 'create-dashboard')) await readLabels();
      const full = withLabelCreation(writes, existingLabels ?? new Set(), options.labels, phaseTitles);
      // Labels are created once a run, before the first write that uses them, over REST.
      const later: BatchableWrite[] = [];
      const deferring = batch?.accepts(full) === true;
      const performer: WritePerformer = deferring ? async (w) => (isBatchable(w) ? void later.push(w) : perform(w)) : perform;
      const made = await executeWrites(full, performer, { dryRun: options.dryRun, log: options.log });
      for (const write of full) if (write.kind === 'create-label') existingLabels?.add(write.name);
      // Only once every write before them was made: a failed comment leaves the rest unmade, as without a batch.
      if (deferring) batch?.add(later);
      return made;
    },
    batch: (snapshots) =>
      createWriteBatch({
        client: options.client,
        perform,
        snapshots,
        log: options.warn,
        labelIds: async (refresh) => {
          if (refresh || !labelIds) await readLabels();
          return labelIds ?? new Map();
        },
      }),
  };
  return ctx;
}
