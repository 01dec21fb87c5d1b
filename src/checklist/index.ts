/** Checklist YAML -> Checklist: loading, validation and the built-in default. */
export { defaultChecklist, loadChecklist } from './load.js';
export { ChecklistError, formatProblem, type ChecklistProblem } from './problems.js';
export { parseOffset } from './offset.js';
export { isTimeZone } from '../domain/time.js';
