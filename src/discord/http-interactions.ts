import { createHash, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DefaultRestOptions, type ResponseLike } from '@discordjs/rest';
import { getRequestListener } from '@hono/node-server';
import { Client, ClientApplication, ClientUser, Events, Options } from 'discord.js';
import {
  type APIUser,
  ApplicationCommandOptionType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  Routes,
} from 'discord-api-types/v10';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Deps } from '../deps.js';
import type { Command } from './command.js';
import { isSignedByDiscord } from './interaction-signature.js';
import { createInteractionRouter } from './router.js';

/** Where Discord POSTs interactions (the application's _Interactions Endpoint URL_ ends with it). */
export const INTERACTIONS_PATH = '/interactions';

/** Discord signs the request with the time it sent it; an older request is a replay, whoever sends it. */
export const MAX_AGE_MS = 5 * 60_000;
/** Clocks drift a little; a request dated further ahead than this was not sent by Discord now. */
export const MAX_AHEAD_MS = 30_000;
/** A request is accepted only within its timestamp's window, so remembering it that long catches every replay. */
const REPLAY_TTL_MS = MAX_AGE_MS + MAX_AHEAD_MS;
/** Discord answers "The application did not respond" after 3 s: the endpoint defers well before that. */
export const DEFAULT_DEFER_AFTER_MS = 2_000;
/** Interaction payloads are a few kilobytes; resolved options add some. */
const MAX_BODY_BYTES = 256 * 1024;
/** An interaction token lives 15 minutes; nothing is kept for an interaction longer than that. */
const TOKEN_LIFETIME_MS = 15 * 60_000;
/** A late edit may reach Discord before it has read the HTTP answer that created the message it edits. */
const LATE_EDIT_TRIES = 5;

/** Remembers which signed requests were already accepted, across every replica (Redis `SET NX PX`). */
export interface ReplayGuard {
  /** True the first time `key` is seen within `ttlMs`, false for a repeat. */
  firstSeen(key: string, ttlMs: number): Promise<boolean>;
}

/** An interaction response as the HTTP answer carries it (`{ type, data }`). */
interface Answer {
  type: InteractionResponseType;
  data?: Record<string, unknown>;
}

/** One interaction this process is running: how its HTTP request gets answered and where later answers go. */
interface Running {
  applicationId: string;
  token: string;
  /** Resolves the HTTP request; only the first call counts. */
  answer(body: Answer): void;
  /** `open` until the HTTP request is answered; `deferred` when the endpoint answered for a slow handler. */
  state: 'open' | 'answered' | 'deferred';
  /** The endpoint's own answer, when it deferred. */
  deferral: Answer;
  /** Resolves once the HTTP answer has been written, so later edits do not overtake it. */
  flushed: Promise<void>;
  run?: Promise<void>;
}

export interface InteractionsEndpoint {
  /** A node:http handler for `POST /interactions`. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  close(): Promise<void>;
}

/**
 * Discord's interactions by HTTP POST instead of the gateway: stateless, so any number of replicas can run behind a
 * load balancer, each answering what it receives.
 *
 * Every request must carry Discord's Ed25519 signature (`X-Signature-Ed25519` over `X-Signature-Timestamp` followed
 * by the raw body, checked with the application's public key), a timestamp no older than {@link MAX_AGE_MS} nor
 * ahead by more than {@link MAX_AHEAD_MS}, and must not have been accepted before by any replica ({@link ReplayGuard});
 * anything else gets 401 and runs nothing. PING gets PONG.
 *
 * Commands, buttons and autocomplete run through the same router and command files as the gateway bot, on a
 * discord.js client that never connects to the gateway. The first answer a handler gives (reply, deferral, update,
 * autocomplete choices) becomes the body of the HTTP response, as Discord wants it for HTTP interactions (its callback
 * endpoint is for gateway interactions). When a handler has not answered within `deferAfterMs`, the endpoint answers
 * for it — a deferred reply (ephemeral for management commands), a deferred update for buttons, no choices for
 * autocomplete — and the handler's later reply becomes an edit of that deferred message (or a follow-up after a
 * button's deferred update). A reply carrying files is likewise sent as a deferral and an edit, since the HTTP answer
 * is JSON.
 */
export async function createInteractionsEndpoint(
  deps: Deps,
  commands: Map<string, Command>,
  options: {
    token: string;
    applicationId: string;
    api: string;
    publicKey: KeyObject;
    replay: ReplayGuard;
    deferAfterMs?: number;
    now?: () => number;
  },
): Promise<InteractionsEndpoint> {
  const { log } = deps;
  const now = options.now ?? Date.now;
  const deferAfterMs = options.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS;
  const running = new Map<string, Running>();
  /** The same, by token, once answered: for the edits and follow-ups that come after the HTTP answer. */
  const byToken = new Map<string, Running>();
  const counted = deps.metrics.interactions;
  const base = `${options.api.replace(/\/+$/, '')}/v10`;

  const passThrough = (url: string, init: RequestInit) =>
    DefaultRestOptions.makeRequest(url, init as Parameters<typeof DefaultRestOptions.makeRequest>[1]);

  /**
   * Sends a request about an interaction once its HTTP answer is written, and again (a few times, backing off) while
   * Discord answers Unknown Webhook or Unknown Message: it may not have read that answer yet.
   */
  const afterAnswer = async (interaction: Running, send: () => Promise<ResponseLike>): Promise<ResponseLike> => {
    await interaction.flushed;
    for (let attempt = 1; ; attempt++) {
      const response = await send();
      if (response.status !== 404 || attempt === LATE_EDIT_TRIES) return response;
      const text = await response.text();
      // Unknown Webhook / Unknown Message: Discord has not read the HTTP answer yet.
      if (![10015, 10008].includes(errorCode(text) ?? 0)) {
        return new Response(text, { status: 404, headers: response.headers }) as unknown as ResponseLike;
      }
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  };

  /** Sends what a handler meant as its initial response after the HTTP request was answered without it. */
  const late = (interaction: Running, method: 'PATCH' | 'POST', body: string | FormData, init: RequestInit) => {
    const path =
      method === 'PATCH'
        ? Routes.webhookMessage(interaction.applicationId, interaction.token, '@original')
        : Routes.webhook(interaction.applicationId, interaction.token);
    return afterAnswer(interaction, () => passThrough(`${base}${path}`, { ...init, method, body }));
  };

  /** The REST client's transport: initial responses of this process's interactions are answered here. */
  const makeRequest = async (url: string, init: RequestInit): Promise<ResponseLike> => {
    const webhook = /\/webhooks\/\d+\/([^/?]+)/.exec(url);
    const answered = webhook ? byToken.get(safeDecode(webhook[1] as string)) : undefined;
    // An edit or follow-up after the HTTP answer (editReply after deferReply): it must not overtake that answer.
    if (answered) return afterAnswer(answered, () => passThrough(url, init));
    const match = /\/interactions\/(\d+)\/[^/]+\/callback(?:\?|$)/.exec(url);
    const interaction = match ? running.get(match[1] as string) : undefined;
    if (!interaction || interaction.state === 'answered') return passThrough(url, init);
    const { body, files } = readCallback(init.body);
    const type = body.type as InteractionResponseType;
    const data = (body.data ?? {}) as Record<string, unknown>;
    const edit = (method: 'PATCH' | 'POST', payload: Record<string, unknown>) => {
      if (files) files.set('payload_json', JSON.stringify(payload));
      return late(interaction, method, files ?? JSON.stringify(payload), init);
    };

    if (interaction.state === 'open') {
      if (!files) {
        interaction.answer(body as unknown as Answer);
        return noContent();
      }
      // The HTTP answer is JSON: a reply with files goes out as a deferral, then as the edit of it.
      interaction.answer(
        type === InteractionResponseType.UpdateMessage
          ? { type: InteractionResponseType.DeferredMessageUpdate }
          : { type: InteractionResponseType.DeferredChannelMessageWithSource, data: ephemeralOnly(data) },
      );
      return edit('PATCH', withoutEphemeral(data));
    }

    // The endpoint deferred for a slow handler: its initial response becomes an edit or a follow-up.
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource:
        return interaction.deferral.type === InteractionResponseType.DeferredMessageUpdate
          ? edit('POST', data)
          : edit('PATCH', withoutEphemeral(data));
      case InteractionResponseType.UpdateMessage:
        return edit('PATCH', data);
      case InteractionResponseType.DeferredChannelMessageWithSource:
      case InteractionResponseType.DeferredMessageUpdate:
        return noContent();
      case InteractionResponseType.ApplicationCommandAutocompleteResult:
        // Too late: Discord has shown the empty list the endpoint answered with.
        return noContent();
      default:
        return passThrough(url, init);
    }
  };

  const client = new Client({
    intents: [],
    rest: { api: options.api, makeRequest },
    // Nothing is cached: each replica sees a share of the interactions and keeps no state between them.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      GuildMemberManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      VoiceStateManager: 0,
      UserManager: 0,
    }),
  });
  client.token = options.token;
  client.rest.setToken(options.token);
  // What the gateway's READY would give the client: the bot user (commands check its permissions) and the application.
  const me = (await client.rest.get(Routes.user())) as APIUser;
  const writable = client as unknown as { user: unknown; application: unknown };
  writable.user = new (ClientUser as unknown as new (c: Client, d: APIUser) => ClientUser)(client, me);
  writable.application = new (ClientApplication as unknown as new (c: Client, d: { id: string }) => ClientApplication)(
    client,
    { id: options.applicationId },
  );

  const route = createInteractionRouter(commands, deps);
  client.on(Events.InteractionCreate, (interaction) => {
    const entry = running.get(interaction.id);
    if (entry) entry.run = route(interaction);
  });
  const emit = (payload: unknown) =>
    (
      client as unknown as { actions: { InteractionCreate: { handle(data: unknown): void } } }
    ).actions.InteractionCreate.handle(payload);

  /** Runs one verified interaction; resolves with the HTTP answer (the handler's first response, or a deferral). */
  const dispatch = (payload: RawInteraction, outgoing: ServerResponse | undefined): Promise<Answer> =>
    new Promise<Answer>((resolve) => {
      const deferral = deferralFor(payload, commands);
      const entry: Running = {
        applicationId: payload.application_id,
        token: payload.token,
        state: 'open',
        deferral,
        answer(body) {
          if (entry.state !== 'open') return;
          entry.state = 'answered';
          byToken.set(entry.token, entry);
          counted.inc({ outcome: 'answered' });
          resolve(body);
        },
        flushed: outgoing
          ? new Promise((done) => {
              outgoing.once('finish', done);
              outgoing.once('close', done);
            })
          : Promise.resolve(),
      };
      const deferNow = () => {
        if (entry.state !== 'open') return;
        entry.state = 'deferred';
        byToken.set(entry.token, entry);
        counted.inc({ outcome: 'deferred' });
        resolve(deferral);
      };
      const done = () => {
        running.delete(payload.id);
        byToken.delete(entry.token);
      };
      running.set(payload.id, entry);
      const timer = setTimeout(deferNow, deferAfterMs);
      const forget = setTimeout(done, TOKEN_LIFETIME_MS);
      forget.unref();
      try {
        emit(payload);
      } catch (err) {
        // discord.js could not read the payload: nothing ran.
        entry.run = Promise.reject(err);
      }
      void (entry.run ?? Promise.resolve())
        .catch((err: unknown) => log.error({ err, interactionId: payload.id }, 'interaction failed'))
        .finally(() => {
          clearTimeout(timer);
          clearTimeout(forget);
          // A handler that never answered (an interaction type Herald has no handler for) still gets an answer.
          deferNow();
          done();
        });
    });

  const app = new Hono<{ Bindings: { incoming: IncomingMessage; outgoing: ServerResponse } }>();
  app.post(
    INTERACTIONS_PATH,
    bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.text('payload too large\n', 413) }),
    async (c) => {
      const raw = new Uint8Array(await c.req.arrayBuffer());
      const timestamp = c.req.header('x-signature-timestamp');
      const refuse = (outcome: string) => {
        counted.inc({ outcome });
        return c.text('invalid request signature\n', 401);
      };
      if (!isSignedByDiscord(options.publicKey, timestamp, raw, c.req.header('x-signature-ed25519'))) {
        return refuse('refused_signature');
      }
      const age = now() - Number(timestamp) * 1000;
      if (!/^\d{1,12}$/.test(timestamp ?? '') || age > MAX_AGE_MS || age < -MAX_AHEAD_MS) {
        return refuse('refused_stale');
      }
      // Keyed by what was signed, so no re-encoding of the signature passes for a new request.
      const key = createHash('sha256').update(`${timestamp}\n`).update(raw).digest('hex');
      let first: boolean;
      try {
        first = await options.replay.firstSeen(key, REPLAY_TTL_MS);
      } catch (err) {
        // Without the record a replay could not be told apart: refuse rather than risk running one twice.
        log.error({ err }, 'interactions: replay record unavailable');
        return c.text('unavailable\n', 503);
      }
      if (!first) return refuse('refused_replay');

      let payload: RawInteraction;
      try {
        payload = JSON.parse(Buffer.from(raw).toString('utf8')) as RawInteraction;
      } catch {
        return c.text('bad request\n', 400);
      }
      if (payload.type === InteractionType.Ping) {
        counted.inc({ outcome: 'ping' });
        return c.json({ type: InteractionResponseType.Pong });
      }
      if (typeof payload.id !== 'string' || typeof payload.token !== 'string' || running.has(payload.id)) {
        return c.text('bad request\n', 400);
      }
      return c.json(await dispatch(payload, c.env?.outgoing));
    },
  );
  app.all('*', (c) => c.text('not found\n', 404));
  const listener = getRequestListener(app.fetch, { overrideGlobalObjects: false });

  return {
    handle: (req, res) => void listener(req, res),
    async close() {
      await client.destroy();
    },
  };
}

/** The fields of an interaction the endpoint reads itself (discord.js reads the rest). */
interface RawInteraction {
  id: string;
  application_id: string;
  type: InteractionType;
  token: string;
  data?: { name?: string; options?: Array<{ type: number; name: string }> };
}

/**
 * What the endpoint answers for a handler that is still working: autocomplete gets no choices (it cannot wait), a
 * button a deferred update (nothing changes until the handler edits), a command a deferred reply, private for the
 * management commands whose replies are.
 */
function deferralFor(payload: RawInteraction, commands: Map<string, Command>): Answer {
  if (payload.type === InteractionType.ApplicationCommandAutocomplete) {
    return { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } };
  }
  if (payload.type === InteractionType.MessageComponent) return { type: InteractionResponseType.DeferredMessageUpdate };
  const command = commands.get(payload.data?.name ?? '');
  const sub = payload.data?.options?.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const subcommand = sub ? command?.subcommands?.find((s) => s.name === sub.name) : undefined;
  const management = command?.requires?.manageServer === true || subcommand?.requires?.manageServer === true;
  return {
    type: InteractionResponseType.DeferredChannelMessageWithSource,
    data: management ? { flags: MessageFlags.Ephemeral } : {},
  };
}

/** The callback body discord.js sent: JSON, or multipart with `payload_json` and files. */
function readCallback(body: RequestInit['body']): { body: Record<string, unknown>; files: FormData | null } {
  if (body instanceof FormData) {
    const json = body.get('payload_json');
    return { body: JSON.parse(typeof json === 'string' ? json : '{}') as Record<string, unknown>, files: body };
  }
  return { body: JSON.parse(typeof body === 'string' ? body : '{}') as Record<string, unknown>, files: null };
}

const flagsOf = (data: Record<string, unknown>) => Number(data.flags) || 0;

function ephemeralOnly(data: Record<string, unknown>): Record<string, unknown> {
  return flagsOf(data) & MessageFlags.Ephemeral ? { flags: MessageFlags.Ephemeral } : {};
}

/** An edit cannot change whether a message is ephemeral: that was settled by the deferral. */
function withoutEphemeral(data: Record<string, unknown>): Record<string, unknown> {
  const flags = flagsOf(data) & ~MessageFlags.Ephemeral;
  const { flags: _dropped, ...rest } = data;
  return flags ? { ...rest, flags } : rest;
}

function noContent(): ResponseLike {
  return new Response(null, { status: 204 }) as unknown as ResponseLike;
}

function errorCode(text: string): number | null {
  try {
    const body = JSON.parse(text) as { code?: unknown };
    return typeof body.code === 'number' ? body.code : null;
  } catch {
    return null;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
