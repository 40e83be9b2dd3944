import { loadEnvFile } from '../config.js';
import { main } from './main.js';

// The process entry of `herald` (bin/herald.js runs the compiled copy, and so do the tests, from a build made by their global setup). `.env` in
// the working directory fills in what the environment leaves unset, so `cp .env.example .env` works without Docker.
Promise.resolve()
  .then(() => {
    loadEnvFile('.env');
    return main(process.argv.slice(2));
  })
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      // One line for the user; the stack only when asked for.
      const detail = err instanceof Error ? (process.env.HERALD_DEBUG ? err.stack : err.message) : String(err);
      process.stderr.write(`herald: ${detail}\n`);
      process.exitCode = 1;
    },
  );
