import { type Catalogue, en } from './en.js';

/** A key of the reply catalogue. */
export type MessageKey = keyof Catalogue;
/** The arguments of a catalogue message: none, or its parameter object. */
export type MessageArgs<K extends MessageKey> = Parameters<Catalogue[K]>;

/**
 * A failure the user can act on, as data: a catalogue key and its parameters, never a sentence. The interaction router
 * renders it in the user's language, escaping the text parameters, which come from outside (src/discord/user-error.ts).
 * `message` is the English sentence, unescaped, for logs and the command line.
 */
export class UserError<K extends MessageKey = MessageKey> extends Error {
  override name = 'UserError';
  readonly key: K;
  readonly params: MessageArgs<K>[0];

  constructor(key: K, ...args: MessageArgs<K>) {
    super((en[key] as (params?: unknown) => string)(args[0]));
    this.key = key;
    this.params = args[0];
  }
}
