#!/usr/bin/env node
// Runs the compiled CLI; `npm ci` compiles it through the `prepare` script.
import { main } from '../dist/src/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`herald: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
