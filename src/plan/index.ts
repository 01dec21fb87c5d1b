/** Request + checklist + time zone -> plan with due instants. */
export { buildPlan, applies, type PlanContext } from './plan.js';
export { addOffset, phaseDue } from './due.js';
