/**
 * A command line used wrongly (a missing argument, a malformed option, a file that cannot be read): its message, in
 * English, is for the operator at the terminal. Discord users get `UserError`s, rendered from the catalogue.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
