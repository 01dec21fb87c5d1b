/**
 * Validating parsed form answers into an OffboardingRequest: one check per field (form/checks/),
 * composed. Every problem is collected (never only the first), each naming the field's label and
 * saying how to fix it, because in private repositories GitHub enforces nothing. Sizes never
 * refuse a request: overlong values are cut with a warning a person sees in the tracker.
 */
import { VALIDATION_MARKER } from '../domain/markers.js';
import type { OffboardingRequest } from '../domain/types.js';
import { inline } from '../markdown/neutralise.js';
import { assets } from './checks/assets.js';
import { collector, type FormProblem, type ValidationContext } from './checks/collector.js';
import { department } from './checks/department.js';
import { departureType } from './checks/departure-type.js';
import { lastDay } from './checks/last-day.js';
import { employeeLogin, manager } from './checks/logins.js';
import { employeeName } from './checks/name.js';
import { notes } from './checks/notes.js';
import type { FormAnswers } from './fields.js';

export { parseAssets } from './checks/assets.js';
export type { FormProblem, ValidationContext } from './checks/collector.js';

export interface FormValidation {
  /** Present exactly when there are no problems. */
  readonly request?: OffboardingRequest;
  readonly problems: FormProblem[];
  readonly warnings: string[];
}

/** Validates form answers. Returns the request when there is no problem; problems and warnings are always complete. */
export function validateForm(answers: FormAnswers, ctx: ValidationContext): FormValidation {
  const problems: FormProblem[] = [];
  const warnings: string[] = [];
  const c = collector(answers, ctx, problems, warnings);
  const name = employeeName(c);
  const employee = employeeLogin(c);
  const managerLogin = manager(c, employee.login);
  const dept = department(c);
  const day = lastDay(c);
  const type = departureType(c);
  const assetLines = assets(c);
  const note = notes(c);
  // In the order of the form, so the comment reads like the form.
  const order = (id: string): number => {
    const i = c.fields.findIndex((f) => f.id === id);
    return i === -1 ? c.fields.length : i;
  };
  problems.sort((a, b) => order(a.field) - order(b.field));
  if (problems.length > 0 || employee.bad || !name || !managerLogin || !dept || !day || !type) return { problems, warnings };
  return {
    request: {
      employeeName: name,
      ...(employee.login !== undefined ? { employeeLogin: employee.login } : {}),
      department: dept,
      manager: managerLogin,
      lastDay: day,
      departureType: type,
      assets: assetLines,
      ...(note !== undefined ? { notes: note } : {}),
    },
    problems,
    warnings,
  };
}

/**
 * The one sticky validation comment. Lists every problem with the field's label in
 * bold and the fix; when valid, says so (and keeps any warnings).
 */
export function renderValidationComment(problems: readonly FormProblem[], warnings: readonly string[], opts: { valid: boolean }): string {
  const lines: string[] = [VALIDATION_MARKER];
  if (opts.valid) {
    lines.push('✅ All fixed: this request is valid and has been converted into an offboarding tracker. Thank you!');
  } else {
    lines.push(
      '**This offboarding request cannot be processed yet.** Edit the issue (the ··· menu of the first post → Edit) and fix the following; it is checked again on every edit.',
      '',
      ...problems.map((p) => `- **${inline(p.label, 100)}** ${p.message}`),
    );
  }
  if (warnings.length > 0) {
    lines.push('', '**Please note:**', '', ...warnings.map((w) => `- ⚠️ ${w}`));
  }
  return `${lines.join('\n')}\n`;
}
