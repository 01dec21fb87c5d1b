#!/usr/bin/env node
// The CLI: its own bundle, built beside the action's (npm run build).
await import('../dist/cli/index.js');
