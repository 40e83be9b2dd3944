#!/usr/bin/env node
// `npm ci` compiles Herald into dist/ through the `prepare` script.
import '../dist/src/cli/bin.js';
