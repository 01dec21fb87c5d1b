/**
 * The emulator as a standalone server with a seeded people-ops repository, to try the CLI (or curl,
 * or a workflow's scripts) against by hand:
 *
 *   npx tsx emulator/serve.ts [--port 3999] [--host 127.0.0.1] [--removal-delay SECONDS] [--quiet]
 *
 * Prints GITHUB_API_URL, the tokens and an example command, then serves (and prints each request)
 * until Ctrl-C. `--port 0` picks a free port. Unlike in tests, the emulator clock follows the real
 * time here, so organisation removals finish after `--removal-delay` seconds (default 300).
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { CAST, castOptions, EXAMPLE_CHECKLIST, ORG_APP, ORG_APP_TOKEN, seedOrganisation, type Person } from '../demo/people.js';
import { startEmulator, type Emulator, type EmulatorOptions, type TokenSpec } from './index.js';

export const DEFAULT_PORT = 3999;

/** The tokens the seeded emulator knows. */
export const SEED_TOKENS = {
  /** The workflow token: issues write, contents read, actions write. */
  workflow: 'ghs_emulator_workflow',
  /** An organisation GitHub App installation (offboarding-app[bot]) that may remove access. */
  orgApp: ORG_APP_TOKEN,
  /** A classic token of the organisation owner cio-carla (repo, admin:org). */
  owner: 'ghp_emulator_cio_carla',
} as const;

const TOKEN_SPECS: Record<string, TokenSpec> = {
  [SEED_TOKENS.workflow]: { type: 'workflow' },
  [SEED_TOKENS.orgApp]: ORG_APP,
  [SEED_TOKENS.owner]: { type: 'classic', login: 'cio-carla', scopes: ['repo', 'admin:org'] },
};

/** Profile names that say who is who when you read the API by hand: `Hana (HR)`, `Dana (leaving)`. */
const shortName = (_login: string, person: Person): string => `${person.name.split(' ')[0] ?? person.name} (${person.role})`;

/** The checklist admins copy (examples/.github/offboarding.yml), as in the demo. */
export const SEED_CHECKLIST = EXAMPLE_CHECKLIST;

export const REVOKE_OKTA_WORKFLOW = `name: Revoke Okta
on:
  workflow_dispatch:
    inputs:
      login:
        description: GitHub login of the person leaving
        required: true
      issue:
        description: Offboarding tracker issue number
        required: false
permissions: {}
jobs:
  revoke:
    runs-on: ubuntu-latest
    steps:
      - run: echo "revoking Okta access of \${{ inputs.login }}"
`;

/** Starts an emulator seeded as a people-ops repository of the organisation `acme`. */
export async function startPeopleOps(options: EmulatorOptions = {}): Promise<Emulator> {
  const gh = await startEmulator({ ...castOptions(shortName), tokens: TOKEN_SPECS, ...options });
  seedOrganisation(gh);
  gh.state.createLabel('offboarding', { color: '5319e7', description: 'Employee offboarding' });
  gh.state.putFile('.github/offboarding.yml', SEED_CHECKLIST);
  gh.state.putFile('.github/workflows/revoke-okta.yml', REVOKE_OKTA_WORKFLOW);
  return gh;
}

/** The cast (demo/people.ts), one line each: login, name, role, permission, what they hold. */
function people(): string[] {
  const lines = ['People (repository permission; organisation):'];
  for (const [login, person] of Object.entries(CAST) as Array<[string, Person]>) {
    const holds = [
      person.org ?? 'not in acme',
      ...(person.teams ?? []).map((t) => `team ${t}`),
      ...(person.tokens ?? []).map((t) => `token grant ${t}`),
      ...(person.copilot ? ['a Copilot seat'] : []),
    ];
    lines.push(`  ${login.padEnd(10)} ${`${person.name}, ${person.role}`.padEnd(34)} ${person.permission.padEnd(6)} ${holds.join(', ')}`);
  }
  return lines;
}

/** What to print on start. */
export function banner(gh: Emulator): string {
  return [
    `GitHub emulator: ${gh.owner}/${gh.repo} (organisation ${gh.org.login}), clock ${gh.clock.now().toISOString()}`,
    '',
    `  GITHUB_API_URL=${gh.url}`,
    `  GITHUB_GRAPHQL_URL=${gh.graphqlUrl}`,
    '',
    'Tokens (any other token acts as the workflow token):',
    `  ${SEED_TOKENS.workflow}   workflow token: issues write, contents read, actions write`,
    `  ${SEED_TOKENS.orgApp}    offboarding-app[bot]: members, organization_personal_access_tokens, organization_copilot_seat_management write`,
    `  ${SEED_TOKENS.owner}  classic token of cio-carla (owner): repo, admin:org`,
    '',
    ...people(),
    'Checklist: .github/offboarding.yml (examples/.github/offboarding.yml). Workflow: .github/workflows/revoke-okta.yml',
    '',
    'Try:',
    `  GITHUB_API_URL=${gh.url} GITHUB_TOKEN=${SEED_TOKENS.workflow} npx tsx src/cli/index.ts status --repo ${gh.owner}/${gh.repo}`,
    `  curl -s -H "Authorization: token ${SEED_TOKENS.orgApp}" ${gh.url}/orgs/${gh.org.login}/memberships/dev-dana`,
    '',
    'Ctrl-C stops it.',
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, host: { type: 'string' }, 'removal-delay': { type: 'string' }, quiet: { type: 'boolean' } },
    strict: true,
  });
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port: not a port number: ${String(values.port)}`);
  const delay = values['removal-delay'] === undefined ? undefined : Number(values['removal-delay']);
  if (delay !== undefined && (!Number.isFinite(delay) || delay < 0)) throw new Error(`--removal-delay: not a number of seconds: ${String(values['removal-delay'])}`);
  const gh = await startPeopleOps({ port, host: values.host, ...(delay === undefined ? {} : { orgRemovalDelayMs: delay * 1000 }) });
  console.log(banner(gh));
  let printed = 0;
  const timer = setInterval(() => {
    // The clock follows the real time (it never goes back).
    if (Date.now() > gh.clock.now().getTime()) gh.clock.set(new Date());
    if (gh.log.length < printed) printed = 0;
    for (const entry of gh.log.slice(printed)) {
      if (!values.quiet) console.log(`${entry.at.toISOString()} ${entry.actor ?? '-'} ${entry.method} ${entry.path} -> ${entry.status}`);
    }
    printed = gh.log.length;
  }, 200);
  const stop = (): void => {
    clearInterval(timer);
    void gh.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  });
}
