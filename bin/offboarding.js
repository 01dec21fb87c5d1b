#!/usr/bin/env node
// The CLI: the same single bundle as the action. Without arguments the bundle would run as the
// action, so a bare `offboarding` asks for the help instead.
if (process.argv.length <= 2) process.argv.push('--help');
await import('../dist/index.js');
