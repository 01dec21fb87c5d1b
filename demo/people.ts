/**
 * The people-ops cast, shared by the demo, the standalone emulator (`npm run emulator`) and the
 * benchmark (and open to tests): who works at Acme, their permission on `acme/people-ops`, their
 * GitHub accounts, what the people leaving hold in the `acme` organisation, the requests HR files
 * for them, and the checklist — the example an admin copies (examples/.github/offboarding.yml),
 * not one of our own.
 *
 *   const gh = await startEmulator({ ...castOptions(), tokens: { [ORG_APP_TOKEN]: ORG_APP } });
 *   seedOrganisation(gh);
 *   putPeopleOpsFiles(gh, DEMO_CHECKLIST);
 *   gh.fileIssue({ author: REQUESTER, title: FORM_TITLE, body: formBody(REQUESTS.jordan), labels: FORM_LABELS });
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';
import type { Emulator, EmulatorOptions, Permission, TokenSpec } from '../emulator/index.js';
import type { FormValues } from './form.js';

const ROOT = resolve(import.meta.dirname, '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** A person's standing in the `acme` organisation. */
export type OrgStanding = 'owner' | 'member' | 'outside collaborator';

export interface Person {
  /** The profile name of the GitHub account (`GET /users/{login}`). */
  readonly name: string;
  /** What they do at Acme, in a word or two. */
  readonly role: string;
  /** Their permission on acme/people-ops. */
  readonly permission: Permission;
  readonly org?: OrgStanding;
  /** Team slugs (see TEAMS). */
  readonly teams?: readonly string[];
  /** Fine-grained personal access tokens granted to the organisation, by name. */
  readonly tokens?: readonly string[];
  /** Holds a Copilot seat of the organisation. */
  readonly copilot?: boolean;
}

/**
 * Everyone, by login. The owners of the example checklist's tasks are here (IT, HR, Facilities,
 * Finance, Security and whom they escalate to), the manager, and the people leaving.
 */
export const CAST = {
  'hr-hana': { name: 'Hana Hoffmann', role: 'HR', permission: 'write', org: 'member' },
  'mgr-maria': { name: 'Maria Moreno', role: 'Engineering manager', permission: 'write', org: 'member', teams: ['engineering'] },
  'it-ivan': { name: 'Ivan Petrov', role: 'IT', permission: 'write', org: 'member', teams: ['it'] },
  'it-irene': { name: 'Irene Okafor', role: 'IT', permission: 'write', org: 'member', teams: ['it'] },
  'sec-sam': { name: 'Sam Rivera', role: 'Security', permission: 'write', org: 'member' },
  'cio-carla': { name: 'Carla Conti', role: 'CIO', permission: 'write', org: 'owner' },
  'ciso-cleo': { name: 'Cleo Nakamura', role: 'CISO', permission: 'write', org: 'member' },
  'fac-fred': { name: 'Fred Fischer', role: 'Facilities', permission: 'write', org: 'member' },
  'fin-fiona': { name: 'Fiona Walsh', role: 'Finance', permission: 'write', org: 'member' },
  // Leaving: Jordan's access is removed by the action in the demo; Jordan can read the tracker
  // at first (a read grant someone forgot), which the status comment flags.
  jlee: {
    name: 'Jordan Lee',
    role: 'leaving',
    permission: 'read',
    org: 'member',
    teams: ['engineering'],
    tokens: ['laptop-cli'],
    copilot: true,
  },
  // Leaving, then not: her resignation is withdrawn in the demo; the standalone emulator's leaver.
  // Write access, as people usually still have on their last day.
  'dev-dana': {
    name: 'Dana Diaz',
    role: 'leaving',
    permission: 'write',
    org: 'member',
    teams: ['engineering'],
    tokens: ['laptop-cli'],
    copilot: true,
  },
  // The tests' and the benchmark's sample leaver (REQUESTS.jane), with no organisation holdings.
  jdoe: { name: 'Jane Doe', role: 'leaving', permission: 'write' },
  'ext-oscar': { name: 'Oscar Olsen', role: 'contractor', permission: 'read', org: 'outside collaborator' },
} as const satisfies Record<string, Person>;

export type Login = keyof typeof CAST;

export const TEAMS: Readonly<Record<string, string>> = { engineering: 'Engineering', it: 'IT' };

/** HR files the requests (the example checklist lists hana under `requesters`). */
export const REQUESTER: Login = 'hr-hana';

/** Repository permissions by login, for `startEmulator({ users })`. */
export function castPermissions(): Record<Login, Permission> {
  return Object.fromEntries(Object.entries(CAST).map(([login, person]) => [login, person.permission])) as Record<Login, Permission>;
}

/**
 * `startEmulator` options for the cast: permissions and accounts. `name` picks the profile name
 * (default: the person's name).
 */
export function castOptions(name: (login: Login, person: Person) => string = (_login, person) => person.name): Pick<EmulatorOptions, 'users' | 'accounts'> {
  return {
    users: castPermissions(),
    accounts: Object.fromEntries(Object.entries(CAST).map(([login, person]) => [login, { name: name(login as Login, person) }])),
  };
}

/**
 * The organisation as the cast stands in it: owners, members, outside collaborators, teams, and what
 * the people leaving hold besides (token grants used a day ago, a Copilot seat active an hour ago).
 */
export function seedOrganisation(gh: Emulator): void {
  const now = gh.clock.now().getTime();
  const people = Object.entries(CAST) as Array<[Login, Person]>;
  for (const [login, person] of people) {
    if (person.org === 'owner') gh.org.addMember(login, { role: 'admin' });
    if (person.org === 'member') gh.org.addMember(login);
    if (person.org === 'outside collaborator') gh.org.addOutsideCollaborator(login, { permission: 'read' });
  }
  for (const [slug, name] of Object.entries(TEAMS)) {
    gh.org.addTeam(slug, people.filter(([, p]) => p.teams?.includes(slug)).map(([login]) => login), { name });
  }
  for (const [login, person] of people) {
    for (const token of person.tokens ?? []) gh.org.grantToken(login, { name: token, lastUsedAt: new Date(now - 24 * 3600_000) });
    if (person.copilot) gh.org.addCopilotSeat(login, { lastActivityAt: new Date(now - 3600_000), lastActivityEditor: 'vscode/1.98.0' });
  }
}

/** The requests HR files, as the form's fields. */
export const REQUESTS = {
  /** An involuntary departure, filed before Jordan is told (the demo's main story). */
  jordan: {
    'employee-name': 'Jordan Lee',
    'employee-login': 'jlee',
    department: 'Engineering',
    manager: 'mgr-maria',
    'last-day': '2026-11-30',
    'departure-type': 'Involuntary',
    assets: 'Laptop MBP-0412\nYubiKey 5C #2231',
    notes: 'Access must be removed before the 11:00 meeting. Do not contact Jordan directly.',
  },
  /** A resignation, withdrawn a day later (the demo's cancelled offboarding). */
  dana: {
    'employee-name': 'Dana Diaz',
    'employee-login': 'dev-dana',
    department: 'Engineering',
    manager: 'mgr-maria',
    'last-day': '2026-12-18',
    'departure-type': 'Voluntary',
    assets: 'Laptop MBP-0977',
    notes: 'Moving abroad; the on-call rota needs a new name from January.',
  },
  /** The sample request of the tests (test/support/form.ts) and the benchmark. */
  jane: {
    'employee-name': 'Jane Doe',
    'employee-login': 'jdoe',
    department: 'Engineering',
    manager: 'mgr-maria',
    'last-day': '2026-12-04',
    'departure-type': 'Voluntary',
    assets: 'Laptop MBP-0412\nYubiKey 5C',
    notes: 'Hand over the on-call rota to Sam.',
  },
} as const satisfies Record<string, Required<FormValues>>;

/** The checklist the README tells admins to copy: built-in tasks, Acme's owners. */
export const EXAMPLE_CHECKLIST_PATH = 'examples/.github/offboarding.yml';
export const EXAMPLE_CHECKLIST = read(EXAMPLE_CHECKLIST_PATH);

/**
 * The example checklist with the `workflow:` task its closing comment describes, added the way the
 * comment says: the built-in `tasks:` list (checklists/default.yml) copied, the task added to it
 * (after the last task of its phase). Throws when the example no longer describes such a task.
 */
export function withWorkflowTask(example: string = EXAMPLE_CHECKLIST): string {
  const lines = example.split('\n');
  const start = lines.findIndex((l) => /^#\s+- id: \S+/.test(l));
  if (start < 0) throw new Error(`${EXAMPLE_CHECKLIST_PATH} describes no commented-out task with a workflow:`);
  const indent = /^#(\s*)-/.exec(lines[start] ?? '')?.[1]?.length ?? 0;
  const block: string[] = [];
  for (const line of lines.slice(start)) {
    if (!line.startsWith('#') || (block.length > 0 && /^#\s*$/.test(line))) break;
    block.push(line.slice(1 + indent));
  }
  const task = parseDocument(block.join('\n')).contents;
  if (!isSeq(task) || !isMap(task.items[0]) || !task.items[0].has('workflow')) {
    throw new Error(`${EXAMPLE_CHECKLIST_PATH}: the commented-out task names no workflow:`);
  }
  const added = task.items[0];
  const builtIn = parseDocument(read('checklists/default.yml'));
  const tasks = builtIn.get('tasks');
  if (!isSeq(tasks)) throw new Error('checklists/default.yml has no tasks: list');
  const phase = added.get('phase');
  const last = tasks.items.reduce<number>((at, item, i) => (isMap(item) && item.get('phase') === phase ? i : at), tasks.items.length - 1);
  tasks.items.splice(last + 1, 0, added);
  const list = parseDocument('tasks: []');
  list.set('tasks', tasks);
  return `${example.trimEnd()}\n\n# Added as the comment above says: the built-in tasks, and ${String(added.get('id'))}.\n${list.toString({ lineWidth: 0, flowCollectionPadding: false })}`;
}

/** The demo's checklist: the example, with its `workflow:` task added. */
export const DEMO_CHECKLIST = withWorkflowTask();

/** The workflow file a `workflow:` task of DEMO_CHECKLIST dispatches. */
export const REVOKE_WORKFLOW_FILE = 'revoke-okta.yml';

/**
 * The files the README's set-up copies into a people-ops repository, by path there, with
 * `checklist` as `.github/offboarding.yml` and revoke-example.yml as revoke-okta.yml.
 */
export function peopleOpsFiles(checklist: string = EXAMPLE_CHECKLIST): Record<string, string> {
  return {
    '.github/offboarding.yml': checklist,
    '.github/ISSUE_TEMPLATE/offboarding.yml': read('examples/.github/ISSUE_TEMPLATE/offboarding.yml'),
    '.github/ISSUE_TEMPLATE/config.yml': read('examples/.github/ISSUE_TEMPLATE/config.yml'),
    '.github/workflows/offboarding.yml': read('examples/.github/workflows/offboarding.yml'),
    [`.github/workflows/${REVOKE_WORKFLOW_FILE}`]: read('examples/.github/workflows/revoke-example.yml'),
  };
}

export function putPeopleOpsFiles(gh: Emulator, checklist: string = EXAMPLE_CHECKLIST): void {
  for (const [path, text] of Object.entries(peopleOpsFiles(checklist))) gh.state.putFile(path, text);
}

/**
 * The action's `org-token`: a GitHub App installation token (actions/create-github-app-token with
 * `owner: acme`) with the organisation permissions `github: remove` needs.
 */
export const ORG_APP_TOKEN = 'ghs_emulator_org_app';
export const ORG_APP: TokenSpec = {
  type: 'app',
  login: 'offboarding-app[bot]',
  repository: { issues: 'write', contents: 'read', actions: 'write' },
  organization: { members: 'write', organization_personal_access_tokens: 'write', organization_copilot_seat_management: 'write' },
};
