/** The entry point: the Actions runner starts it with no arguments (the action); anything else is the CLI. */
import { runCli } from './cli/main.js';
import { run } from './main.js';

if (process.argv.length > 2) {
  void runCli(process.argv.slice(2), process).then((code) => (process.exitCode = code));
} else {
  void run();
}
