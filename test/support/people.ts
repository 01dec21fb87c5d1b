/**
 * The people the tests work with: the cast of demo/people.ts (the demo's, the standalone
 * emulator's), one definition instead of a copy in every test. `people({ jdoe: 'none' })` gives the
 * staff with their permissions on the people-ops repository plus whom a test adds (the person
 * leaving, a reader, someone outside).
 */
import { CAST, type Person } from '../../demo/people.js';
import type { Permission } from '../../emulator/index.js';

/** Everyone of the cast who is not leaving, with their repository permission. */
export const STAFF: Readonly<Record<string, Permission>> = Object.fromEntries(
  (Object.entries(CAST) as Array<[string, Person]>).filter(([, person]) => person.role !== 'leaving').map(([login, person]) => [login, person.permission]),
);

export function people(extra: Readonly<Record<string, Permission>> = {}): Record<string, Permission> {
  return { ...STAFF, ...extra };
}

/** The checklist's `owners` naming the staff above, for tests that need real owners. */
export const OWNERS = `owners:
  IT: { logins: [it-ivan, it-irene], escalate-to: [cio-carla] }
  Security: { logins: [sec-sam], escalate-to: [cio-carla] }
  Facilities: { logins: [fac-fred] }
  Finance: { logins: [fin-fiona] }
  HR: { logins: [hr-hana] }
`;
