/** The CLI's entry (`bin/offboarding.js` starts `dist/cli/index.js`). */
import { runCli } from './main.js';

void runCli(process.argv.slice(2), process).then((code) => {
  process.exitCode = code;
});
