/**
 * Checks made before anything else is loaded. @actions/github reads GITHUB_API_URL when it is
 * imported (its proxy agent is made at load time), so a malformed value would crash the run
 * with a bare TypeError before the action could say what is wrong. Imported first by the entry:
 * ES modules are evaluated in import order, so this runs (and may end the run) before the rest.
 */
import { apiUrl, SettingError } from '../settings/rules.js';

try {
  apiUrl(process.env['GITHUB_API_URL']);
} catch (error) {
  if (!(error instanceof SettingError)) throw error;
  // The same words the input check uses, as a workflow command the runner shows as an annotation.
  process.stdout.write(`::error::GITHUB_API_URL ${error.message}.\n`);
  process.exit(1);
}
