import { isLogin, normaliseLogin, sameLogin } from '../../domain/login.js';
import { type Collector, quoted } from './collector.js';

const SHAPE = 'letters, digits and single hyphens, at most 39 characters; Enterprise Managed Users end in _shortcode';

function loginOf(c: Collector, id: string, who: string): { login?: string; bad: boolean } {
  const raw = c.value(id);
  if (raw === undefined) return { bad: false };
  const login = normaliseLogin(raw);
  if (isLogin(login)) return { login, bad: false };
  c.problem(id, `${quoted(raw)} is not a GitHub login: write ${who}'s login, such as \`octocat\` (${SHAPE}).`);
  return { bad: true };
}

/** The departing employee's login: optional, but when given it must be a login of an account that exists. */
export function employeeLogin(c: Collector): { login?: string; bad: boolean } {
  const found = loginOf(c, 'employee-login', 'the departing employee');
  if (found.login !== undefined && c.ctx.employeeExists === false) {
    c.problem('employee-login', `\`${found.login}\` is not a GitHub account: check the spelling (it is their login, not their name), or leave the field empty.`);
    return { bad: true };
  }
  return found;
}

/** The manager: required, a login, not the employee, assignable in the repository. */
export function manager(c: Collector, employee: string | undefined): string | undefined {
  if (c.value('manager') === undefined) {
    c.missing('manager', "write the GitHub login of the person's manager, such as `octocat`");
    return undefined;
  }
  const { login } = loginOf(c, 'manager', 'the manager');
  if (login === undefined) return undefined;
  if (sameLogin(login, employee)) {
    c.problem('manager', 'is the departing employee: the manager is mentioned and assigned tasks, so name their manager (or whoever takes over) instead.');
    return undefined;
  }
  if (c.ctx.managerAssignable === false) {
    c.problem('manager', `\`${login}\` cannot be assigned in this repository: give them access or correct the login.`);
    return undefined;
  }
  return login;
}
