#!/usr/bin/env node
'use strict';
// The CLI runs the compiled output; `npm install` (prepare) and `npm start` build it.
let cli;
try {
  cli = require('../dist/cli/main.js');
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes('dist/cli')) {
    console.error('shopstream: not built yet; run `npm run build` first');
    process.exit(1);
  }
  throw error;
}
cli.run(process.argv);
