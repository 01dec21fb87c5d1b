/** The action's entry: the Actions runner starts `dist/index.js`. */
import './preflight.js';
import { run } from './main.js';

void run();
