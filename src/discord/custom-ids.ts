import type { z } from 'zod';
import { UserError } from '../i18n/user-error.js';

/** Discord's limit on a component's custom id. */
const MAX_CUSTOM_ID = 100;

type Fields = z.ZodObject<z.ZodRawShape>;

/** One decoded button id: the action and its fields, typed by the action's schema. */
export type ButtonPress<A extends Record<string, Fields>> = {
  [K in keyof A & string]: { action: K; data: z.output<A[K]> };
}[keyof A & string];

/** Builds and reads the custom ids of one command's buttons. */
export interface CustomIds<A extends Record<string, Fields>> {
  /** `<prefix>:<action>:<field>:<field>…`, fields in the order the schema declares them. */
  encode<K extends keyof A & string>(action: K, data: z.output<A[K]>): string;
  /** The action and fields of `customId`; anything else (an old or forged id) is the `expired` answer. */
  parse(customId: string): ButtonPress<A>;
}

/**
 * A typed codec for a command's button ids, so no command splits strings by hand. The prefix is the command (and
 * subcommand) the router sends the press to; each action declares its fields with zod, which checks them on the way
 * back in. The last field may itself contain `:` (a search query does), so it takes the rest of the id.
 */
export function customIds<A extends Record<string, Fields>>(prefix: string, actions: A): CustomIds<A> {
  return {
    encode(action, data) {
      const schema = actions[action] as Fields;
      const values = Object.keys(schema.shape).map((key) => String((data as Record<string, unknown>)[key]));
      const id = [prefix, action, ...values].join(':');
      if (id.length > MAX_CUSTOM_ID) throw new Error(`custom id longer than ${MAX_CUSTOM_ID}: ${prefix}:${action}`);
      return id;
    },
    parse(customId) {
      if (!customId.startsWith(`${prefix}:`)) throw new UserError('expired');
      const rest = customId.slice(prefix.length + 1);
      const cut = rest.indexOf(':');
      const action = cut === -1 ? rest : rest.slice(0, cut);
      if (!Object.hasOwn(actions, action)) throw new UserError('expired');
      const schema = actions[action] as Fields;
      const keys = Object.keys(schema.shape);
      const raw = cut === -1 ? [] : splitFields(rest.slice(cut + 1), keys.length);
      if (raw.length !== keys.length) throw new UserError('expired');
      const parsed = schema.safeParse(Object.fromEntries(keys.map((key, i) => [key, raw[i]])));
      if (!parsed.success) throw new UserError('expired');
      return { action, data: parsed.data } as ButtonPress<A>;
    },
  };
}

/** `count` fields, the last one keeping any further `:`. */
function splitFields(text: string, count: number): string[] {
  if (count === 0) return text === '' ? [] : [text];
  const parts = text.split(':');
  return [...parts.slice(0, count - 1), parts.slice(count - 1).join(':')].filter((_, i) => i < parts.length);
}
