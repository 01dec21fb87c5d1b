/** What every command's shell shares: the one client, the repository, the trust, and the one write gate. */
import type { FileReader } from '../checklist/source.js';
import { withLabelCreation, type LabelSet } from '../domain/labels.js';
import { hasUnknownAuthor, trustedComments, type Trust } from '../domain/trust.js';
import type { TrackerSnapshot } from '../domain/types.js';
import type { Write, WritePerformer } from '../domain/writes.js';
import type { GitHubClient } from '../github/client.js';
import { defaultBranchOf, listLabelNames } from '../github/files.js';
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
  /** Scales waits for emulator runs; 1 on GitHub. */
  readonly timeScale?: number;
}

export interface RunContext extends ContextOptions {
  /** Applies writes through the gate; returns how many were made. */
  readonly apply: (writes: readonly Write[], phaseTitles?: ReadonlyMap<string, string>) => Promise<number>;
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
}

export function createContext(options: ContextOptions): RunContext {
  const direct = writePerformer(options.client, options.repo);
  const perform: WritePerformer = async (write) => {
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
  let trust = options.trust;
  let identified = false;
  let checklist: Promise<Checklist> | undefined;
  let fields: Promise<readonly FieldDef[]> | undefined;
  let index: Promise<TrackerIndex> | undefined;
  let branch: Promise<string> | undefined;
  const ctx: RunContext = {
    ...options,
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
    apply: async (writes, phaseTitles) => {
      if (writes.length === 0) return 0;
      // The repository's labels are read once per run, and only when a write adds a label.
      if (!existingLabels && writes.some((w) => w.kind === 'add-labels' || w.kind === 'create-dashboard')) {
        existingLabels = await listLabelNames(options.client, options.repo);
      }
      const full = withLabelCreation(writes, existingLabels ?? new Set(), options.labels, phaseTitles);
      const made = await executeWrites(full, perform, { dryRun: options.dryRun, log: options.log });
      for (const write of full) if (write.kind === 'create-label') existingLabels?.add(write.name);
      return made;
    },
  };
  return ctx;
}
