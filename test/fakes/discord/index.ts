import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type APIApplicationCommand, type APIAttachment, GatewayIntentBits } from 'discord-api-types/v10';
import { serveAttachment, storeAttachment } from './attachments.js';
import { FakeGateway, type IdentifyRecord } from './gateway.js';
import {
  buildHttpInteraction,
  deliverHttpInteraction,
  type EndpointAnswer,
  type SignedRequest,
  validateEndpoint,
} from './http-interactions.js';
import { createInteraction, type SendInteractionInput } from './interactions.js';
import { channelObject } from './objects.js';
import type { ChannelAccess, FakeDiscordOptions } from './options.js';
import { type RateLimitConfig, RateLimiter } from './rate-limit.js';
import { RestHandler } from './rest.js';
import { appRoutes } from './routes-app.js';
import { channelRoutes } from './routes-channels.js';
import { extraRoutes } from './routes-extra.js';
import { interactionRoutes } from './routes-interactions.js';
import { threadRoutes } from './routes-threads.js';
import { webhookRoutes } from './routes-webhooks.js';
import { type FakeMessage, FakeState, type InteractionResponseRecord, type RecordedRequest } from './state.js';

export { UPLOAD_LIMITS } from './attachments.js';
export type { IdentifyRecord } from './gateway.js';
export type { EndpointAnswer, SignedRequest } from './http-interactions.js';
export { postToEndpoint, signedRequest, signInteraction } from './http-interactions.js';
export type { SendInteractionInput } from './interactions.js';
export { discordLength, LIMITS } from './limits.js';
export type { ChannelAccess, FakeChannelInit, FakeDiscordOptions, FakeGuildInit, FakeRoleInit } from './options.js';
export type { RateLimitConfig } from './rate-limit.js';
export type { FakeMessage, InteractionResponseRecord, RecordedRequest } from './state.js';

/** A running fake Discord: REST under `apiUrl` (pass it as discord.js `rest.api`), gateway at `gatewayUrl`. */
export interface FakeDiscord {
  /** `http://127.0.0.1:PORT/api`; `@discordjs/rest` appends `/v10`. */
  readonly apiUrl: string;
  /** `ws://127.0.0.1:PORT`, also what `GET /gateway/bot` and READY's `resume_gateway_url` announce. */
  readonly gatewayUrl: string;
  /** Every REST request answered, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Every IDENTIFY received (intents, shard, properties). */
  readonly identifies: readonly IdentifyRecord[];
  /** Messages in a channel, oldest first: posts and non-ephemeral interaction responses. */
  messages(channelId: string): FakeMessage[];
  allMessages(): FakeMessage[];
  /** The token of an interaction the fake dispatched, for driving its routes by hand. */
  interactionToken(interactionId: string): string;
  /** Callback, edits and follow-ups the app sent for an interaction, in order. */
  interactionResponses(interactionId: string): InteractionResponseRecord[];
  /** Registered commands: a guild's, or the global ones. */
  commands(guildId?: string): APIApplicationCommand[];
  /**
   * Dispatches INTERACTION_CREATE to connected clients, or, once an interactions endpoint is set, POSTs it there
   * (signed) instead, as Discord does; returns the interaction id.
   */
  sendInteraction(input: SendInteractionInput): string;
  /**
   * The developer portal's _Interactions Endpoint URL_: validated as Discord validates it (a signed PING must get
   * PONG, a badly signed one 401; throws otherwise), then every interaction goes there signed with `privateKey`
   * instead of over the gateway. `readDelayMs`: how long Discord takes to apply an answer once it has it (its
   * webhook knows nothing of the answer before). `null` turns it off.
   */
  setInteractionsEndpoint(endpoint: { url: string; privateKey: KeyObject; readDelayMs?: number } | null): Promise<void>;
  /**
   * Registers an interaction and returns the signed request Discord would POST to the endpoint (signed with the
   * endpoint's key unless `privateKey` is given, dated now unless `timestamp`), without sending it.
   */
  httpInteraction(
    input: SendInteractionInput,
    options?: { privateKey?: KeyObject; timestamp?: string },
  ): { id: string; request: SignedRequest };
  /** Sends such a request to `url` and applies the answer as Discord does (see `interactionFailure`). */
  deliver(url: string, interactionId: string, request: SignedRequest): Promise<EndpointAnswer | null>;
  /** Why an HTTP interaction failed (the endpoint's status, no answer in 3 s, an invalid answer), or null. */
  interactionFailure(interactionId: string): string | null;
  /** Resolves with the app's first answer to the interaction; rejects after `timeoutMs`. */
  waitForInteractionResponse(interactionId: string, timeoutMs?: number): Promise<InteractionResponseRecord>;
  /** Switches rate limiting on (or off with `null`); excess requests get Discord's 429. */
  setRateLimit(config: RateLimitConfig | null): void;
  /** Answers the next `times` requests matching `route` (`"POST /channels/*\/messages"`) with `status`. */
  failNext(route: string, status: number, times?: number): void;
  /**
   * An outage of Discord's REST API: until called with `null`, bot requests answer `statuses` in turn (e.g.
   * `[500, 503]`); a 500 comes after the request took effect, as when Discord writes a message and loses the answer.
   */
  setOutage(statuses: number[] | null): void;
  /**
   * Once: the next request matching `route` takes effect, then `run` is awaited before its answer is sent (kill the
   * caller there to crash it between Discord's write and its own record).
   */
  beforeAnswer(route: string, run: () => unknown): void;
  /** The channel webhooks of a channel, oldest first (tokens are the fake's secret). */
  webhooks(channelId: string): Array<{ id: string; name: string; creatorId: string }>;
  /** Deletes a channel webhook, as an admin does in the channel's settings: its executes answer 10015 from then on. */
  deleteWebhook(webhookId: string): void;
  /**
   * Leaves the next request matching `route` (`"PATCH /channels/*\/messages/*"`) unanswered, taken into effect first
   * when `applied`: the moment a test kills the process that sent it. Resolves when it arrived.
   */
  hangNext(route: string, applied: boolean): Promise<void>;
  /** Changes the bot's access to a channel and tells connected clients (CHANNEL_UPDATE). */
  setChannelAccess(channelId: string, access: ChannelAccess): void;
  /** The threads (forum posts) started in a channel, oldest first. */
  threads(parentId: string): Array<{ id: string; name: string; ownerId: string; archived: boolean }>;
  /** Archives a thread: it leaves the guild's active threads, as after Discord's auto-archive. */
  archiveThread(threadId: string): void;
  /** Locks a thread, as a moderator does: only members with Manage Threads may post in it. */
  lockThread(threadId: string): void;
  /** Deletes a channel: later requests get 10003, clients get CHANNEL_DELETE. */
  deleteChannel(channelId: string): void;
  /** Deletes a message (a moderator did): later edits of it get 10008 Unknown Message. */
  deleteMessage(channelId: string, messageId: string): void;
  /** Removes the bot from a guild: its channels answer 50001 from then on, clients get GUILD_DELETE. */
  removeGuild(guildId: string): void;
  /** Makes a user refuse DMs from the bot (Discord answers 50007). */
  closeDms(userId: string): void;
  /**
   * A file a user attaches to a command, on the fake's CDN (served over HTTP like cdn.discordapp.com): pass its `id`
   * as the attachment option's value and the object in `SendInteractionInput.attachments`.
   */
  upload(file: { filename: string; content: string | Buffer; contentType?: string }): APIAttachment;
  /** The DM messages the bot sent to a user, oldest first. */
  dmsTo(userId: string): FakeMessage[];
  /** Closes every gateway socket; the default 4000 lets clients resume, `invalidate` makes RESUME fail. */
  disconnectAll(options?: { code?: number; invalidate?: boolean }): void;
  close(): Promise<void>;
}

/** Starts a fake Discord on 127.0.0.1 with a random port. */
export async function startFakeDiscord(options: FakeDiscordOptions): Promise<FakeDiscord> {
  const state = new FakeState(options);
  const limiter = new RateLimiter(() => state.now());
  let port = 0;
  const gatewayUrl = () => `ws://127.0.0.1:${port}`;
  const rest = new RestHandler(
    state,
    [
      ...appRoutes(gatewayUrl),
      ...channelRoutes,
      ...extraRoutes,
      ...threadRoutes,
      ...interactionRoutes,
      ...webhookRoutes,
    ],
    limiter,
  );
  let endpoint: { url: string; privateKey: KeyObject; readDelayMs?: number } | null = null;
  const server = createServer((req, res) => {
    if (serveAttachment(state, req, res)) return;
    rest.handle(req, res).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(
        JSON.stringify({ message: `fake-discord: ${err instanceof Error ? err.message : String(err)}`, code: 0 }),
      );
    });
  });
  const gateway = new FakeGateway(state, server, gatewayUrl);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  state.cdnBase = `http://127.0.0.1:${port}`;

  const channel = (id: string) => {
    const found = state.liveChannel(id);
    if (!found) throw new Error(`fake-discord: no channel ${id}`);
    return found;
  };

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    gatewayUrl: gatewayUrl(),
    requests: state.requests,
    identifies: gateway.identifies,
    messages: (channelId) => [...(state.messages.get(channelId) ?? [])],
    allMessages: () => [...state.messages.values()].flat(),
    interactionToken(id) {
      const record = state.interactions.get(id);
      if (!record) throw new Error(`fake-discord: no interaction ${id}`);
      return record.token;
    },
    interactionResponses: (id) => [...(state.interactions.get(id)?.responses ?? [])],
    commands: (guildId) => [...(guildId ? (state.guildCommands.get(guildId) ?? []) : state.globalCommands)],
    sendInteraction(input) {
      if (endpoint) {
        const { id, request } = buildHttpInteraction(state, input, endpoint.privateKey);
        void deliverHttpInteraction(state, endpoint.url, id, request, endpoint.readDelayMs);
        return id;
      }
      const { record, payload } = createInteraction(state, input);
      state.dispatch('INTERACTION_CREATE', payload);
      return record.id;
    },
    async setInteractionsEndpoint(next) {
      if (next) {
        const wrongKey = generateKeyPairSync('ed25519').privateKey;
        const refused = await validateEndpoint(state, next.url, next.privateKey, wrongKey);
        if (refused) throw new Error(`fake-discord: interactions endpoint ${next.url} refused: ${refused}`);
      }
      endpoint = next;
    },
    httpInteraction(input, options = {}) {
      const key = options.privateKey ?? endpoint?.privateKey;
      if (!key) throw new Error('fake-discord: no interactions endpoint set and no privateKey given');
      return buildHttpInteraction(state, input, key, options.timestamp);
    },
    deliver: (url, id, request) => deliverHttpInteraction(state, url, id, request),
    interactionFailure: (id) => state.interactions.get(id)?.httpFailure ?? null,
    waitForInteractionResponse(id, timeoutMs = 5000) {
      const record = state.interactions.get(id);
      if (!record) return Promise.reject(new Error(`fake-discord: no interaction ${id}`));
      const first = record.responses[0];
      if (first) return Promise.resolve(first);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          record.waiters.splice(record.waiters.indexOf(done), 1);
          reject(new Error(`fake-discord: no response to interaction ${id} within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = (response: InteractionResponseRecord) => {
          clearTimeout(timer);
          resolve(response);
        };
        record.waiters.push(done);
      });
    },
    setRateLimit: (config) => limiter.configure(config),
    failNext: (route, status, times = 1) => rest.failNext(route, status, times),
    setOutage: (statuses) => rest.setOutage(statuses),
    beforeAnswer: (route, run) => rest.beforeAnswer(route, run),
    webhooks: (channelId) =>
      [...state.webhooks.values()]
        .filter((w) => w.channelId === channelId)
        .map((w) => ({ id: w.id, name: w.name, creatorId: w.creatorId })),
    deleteWebhook(webhookId) {
      if (!state.webhooks.delete(webhookId)) throw new Error(`fake-discord: no webhook ${webhookId}`);
    },
    hangNext: (route, applied) => rest.hangNext(route, applied),
    setChannelAccess(channelId, access) {
      const target = channel(channelId);
      state.setAccess(target, access);
      state.dispatch('CHANNEL_UPDATE', channelObject(target), GatewayIntentBits.Guilds);
    },
    threads: (parentId) =>
      [...state.channels.values()]
        .filter((c) => c.parentId === parentId && c.thread && !c.deleted)
        .map((c) => ({
          id: c.id,
          name: c.name,
          ownerId: c.thread?.ownerId ?? '',
          archived: c.thread?.archived ?? false,
        })),
    archiveThread(threadId) {
      const thread = channel(threadId).thread;
      if (!thread) throw new Error(`fake-discord: channel ${threadId} is not a thread`);
      thread.archived = true;
    },
    lockThread(threadId) {
      const thread = channel(threadId).thread;
      if (!thread) throw new Error(`fake-discord: channel ${threadId} is not a thread`);
      thread.locked = true;
    },
    deleteChannel(channelId) {
      const target = channel(channelId);
      target.deleted = true;
      state.dispatch('CHANNEL_DELETE', channelObject(target), GatewayIntentBits.Guilds);
    },
    deleteMessage(channelId, messageId) {
      const list = state.messages.get(channelId) ?? [];
      const at = list.findIndex((m) => m.id === messageId);
      if (at === -1) throw new Error(`fake-discord: no message ${messageId} in ${channelId}`);
      list.splice(at, 1);
      state.dispatch('MESSAGE_DELETE', { id: messageId, channel_id: channelId }, GatewayIntentBits.GuildMessages);
    },
    removeGuild(guildId) {
      if (!state.guilds.delete(guildId)) throw new Error(`fake-discord: no guild ${guildId}`);
      state.dispatch('GUILD_DELETE', { id: guildId }, GatewayIntentBits.Guilds);
    },
    closeDms: (userId) => void state.closedDms.add(userId),
    upload: ({ filename, content, contentType }) =>
      storeAttachment(state, `ephemeral-attachments/${state.bot.id}`, {
        filename,
        data: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
        contentType,
      }),
    dmsTo(userId) {
      const dms = [...state.dmChannels.values()].filter((c) => c.recipientId === userId);
      return dms.flatMap((c) => state.messages.get(c.id) ?? []);
    },
    disconnectAll({ code, invalidate } = {}) {
      if (invalidate) gateway.invalidateSessions();
      gateway.disconnectAll(code);
    },
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
