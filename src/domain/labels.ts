import type { Write } from './writes.js';

/** Every label the action uses, derived from the `label` input so a company can rename the family. */
export interface LabelSpec {
  readonly name: string;
  readonly color: string;
  readonly description: string;
}

export interface LabelSet {
  readonly base: string;
  readonly needsInfo: string;
  readonly unauthorized: string;
  readonly overdue: string;
  readonly securityOverdue: string;
  readonly cancelled: string;
  readonly dashboard: string;
  /** `<base>:phase-<id>` */
  phase(id: string): string;
  /** True for any phase label of this family. */
  isPhase(name: string): boolean;
}

export function labelSet(base: string): LabelSet {
  const phasePrefix = `${base}:phase-`;
  return {
    base,
    needsInfo: `${base}:needs-info`,
    unauthorized: `${base}:unauthorized`,
    overdue: `${base}:overdue`,
    securityOverdue: `${base}:security-overdue`,
    cancelled: `${base}:cancelled`,
    dashboard: `${base}:dashboard`,
    phase: (id) => `${phasePrefix}${id}`,
    isPhase: (name) => name.toLowerCase().startsWith(phasePrefix.toLowerCase()),
  };
}

/** Colour and description for a label the action may create. */
export function labelSpec(labels: LabelSet, name: string, phaseTitle?: string): LabelSpec {
  const known: Record<string, Omit<LabelSpec, 'name'>> = {
    [labels.base]: { color: '5319e7', description: 'Employee offboarding request or tracker' },
    [labels.needsInfo]: { color: 'fbca04', description: 'Offboarding request: the form needs fixing' },
    [labels.unauthorized]: { color: 'b60205', description: 'Offboarding request from someone not allowed to file one' },
    [labels.overdue]: { color: 'd93f0b', description: 'Offboarding: at least one task is overdue' },
    [labels.securityOverdue]: { color: 'b60205', description: 'Offboarding: a security task (access removal) is overdue' },
    [labels.cancelled]: { color: '6a737d', description: 'Offboarding called off (e.g. a withdrawn resignation)' },
    [labels.dashboard]: { color: '0e8a16', description: 'The offboarding dashboard: every open offboarding at a glance' },
  };
  const spec = known[name];
  if (spec) return { name, ...spec };
  return {
    name,
    color: 'c5def5',
    description: `Offboarding phase: ${phaseTitle ?? name.slice(name.lastIndexOf('phase-') + 6)}`.slice(0, 100),
  };
}

/**
 * Puts a `create-label` write (with colour and description) before the first write that uses a
 * label the repository does not have yet: GitHub would create it grey and undescribed.
 */
export function withLabelCreation(
  writes: readonly Write[],
  existing: ReadonlySet<string>,
  labels: LabelSet,
  phaseTitles: ReadonlyMap<string, string> = new Map(),
): Write[] {
  const known = new Set([...existing].map((l) => l.toLowerCase()));
  const result: Write[] = [];
  for (const write of writes) {
    // The dashboard issue is created with its label: that label, too, is made first with its colour.
    if (write.kind === 'add-labels' || write.kind === 'create-dashboard') {
      for (const name of write.labels) {
        if (known.has(name.toLowerCase())) continue;
        known.add(name.toLowerCase());
        const spec = labelSpec(labels, name, phaseTitles.get(name));
        result.push({ kind: 'create-label', ...spec });
      }
    }
    result.push(write);
  }
  return result;
}
