import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SlashCommandBuilder } from 'discord.js';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';
import { start } from '../../../src/app/start.js';
import type { Deps } from '../../../src/deps.js';
import type { Command } from '../../../src/discord/command.js';
import { deployCommands } from '../../../src/discord/deploy.js';
import { createInteractionsEndpoint } from '../../../src/discord/http-interactions.js';
import { interactionPublicKey } from '../../../src/discord/interaction-signature.js';
import { guildSettings } from '../../../src/pipeline/use-cases/settings.js';
import { redisReplayGuard } from '../../../src/queue/replay-guard.js';
import { type EndpointAnswer, postToEndpoint, type SignedRequest, signedRequest } from '../../fakes/discord/index.js';
import { responseText, testDeps } from '../../support/bot-harness.js';
import {
  ADMIN,
  APP,
  type DiscordHarness,
  GUILD_A,
  MANAGE_GUILD,
  MEMBER,
  NEWS,
  SPORTS,
  startHarness,
  TOKEN,
} from '../../support/discord-harness.js';
import { freePort } from '../../support/free-port.js';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.js';
import { waitFor } from '../../support/wait.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const admin = { guildId: GUILD_A, channelId: NEWS, userId: ADMIN, memberPermissions: MANAGE_GUILD };

/** The raw 32-byte public key as Discord shows it: the last 32 bytes of the SPKI encoding, in hex. */
const publicHex = (key: KeyObject) => key.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
const nowSeconds = (offsetSeconds = 0) => String(Math.floor(Date.now() / 1000) + offsetSeconds);

let h: DiscordHarness;
let proxy: TcpProxy;
let redis: Redis;
const prefix = `herald-hi-${randomBytes(4).toString('hex')}`;
const discordKey = generateKeyPairSync('ed25519');
const otherKey = generateKeyPairSync('ed25519');
const replicas: Array<{ url: string; deps: Deps; stop(): Promise<void> }> = [];
let goodA: (typeof replicas)[number];
let goodB: (typeof replicas)[number];
let wrongKey: (typeof replicas)[number];
let endpointUrl: string;

/** A replica of `herald start --role interactions`, sharing the database and Redis with the others. */
async function startReplica(publicKey: KeyObject) {
  const port = await freePort();
  const deps = await testDeps(h.deps.config.DATABASE_URL as string, {
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: APP,
    DISCORD_API_URL: h.discord.apiUrl,
    DISCORD_PUBLIC_KEY: publicHex(publicKey),
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    HTTP_PORT: String(port),
  });
  const app = await start(deps, 'interactions');
  const replica = { url: `http://127.0.0.1:${port}/interactions`, deps, stop: app.stop };
  replicas.push(replica);
  return replica;
}

const served = (deps: Deps, outcome: string) =>
  deps.metrics.interactions.get().then((m) => m.values.find((v) => v.labels.outcome === outcome)?.value ?? 0);

/** Sends an interaction to the endpoint behind the proxy and waits for its final answer (after any deferral). */
async function run(input: Parameters<DiscordHarness['interact']>[0]) {
  const id = h.discord.sendInteraction({ ...admin, ...input });
  const first = await h.discord.waitForInteractionResponse(id, 5000);
  const final = await waitFor(`a final answer to ${id}`, () => {
    const last = h.discord.interactionResponses(id).findLast((r) => responseText(r) !== '');
    return last ? { ...last, content: responseText(last) } : undefined;
  });
  return { id, first, content: final.content, final };
}

/** A request that must be refused: 401, no answer recorded, and nothing sent to Discord for it. */
async function expectRefused(url: string, id: string, request: SignedRequest) {
  const before = h.discord.requests.length;
  const answer = (await h.discord.deliver(url, id, request)) as EndpointAnswer;
  expect(answer.status).toBe(401);
  expect(h.discord.interactionFailure(id)).toBe('HTTP 401');
  expect(h.discord.interactionResponses(id)).toEqual([]);
  expect(h.discord.requests.slice(before).filter((r) => r.path.includes(id))).toEqual([]);
}

const settingsStyle = (style: string) => ({
  commandName: 'settings',
  options: { style },
});

beforeAll(async () => {
  h = await startHarness();
  redis = new Redis(REDIS_URL);
  await deployCommands(commands.values(), {
    token: TOKEN,
    api: h.discord.apiUrl,
    applicationId: APP,
    guildId: GUILD_A,
  });
  goodA = await startReplica(discordKey.publicKey);
  goodB = await startReplica(discordKey.publicKey);
  wrongKey = await startReplica(otherKey.publicKey);
  const port = (url: string) => Number(new URL(url).port);
  proxy = await startTcpProxy([
    { host: '127.0.0.1', port: port(goodA.url) },
    { host: '127.0.0.1', port: port(goodB.url) },
  ]);
  endpointUrl = `http://127.0.0.1:${proxy.port}/interactions`;
  // The developer portal's check: a signed PING gets PONG and a badly signed one 401, or the URL is not saved.
  await h.discord.setInteractionsEndpoint({ url: endpointUrl, privateKey: discordKey.privateKey });
}, 30_000);

afterAll(async () => {
  await proxy?.close();
  for (const replica of replicas) await replica.stop();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await h?.close();
});

describe('HTTP interactions: who gets in', () => {
  it('answers a signed PING with PONG on every replica, and refuses it with the wrong public key', async () => {
    const ping = (id: string) => ({ id, application_id: APP, type: 1, token: `ping-${id}`, version: 1 });
    for (const [i, replica] of [goodA, goodB].entries()) {
      const answer = await postToEndpoint(
        replica.url,
        signedRequest(discordKey.privateKey, ping(`9${i}`), nowSeconds()),
      );
      expect(answer).toEqual({ status: 200, body: '{"type":1}' });
    }
    const refused = await postToEndpoint(wrongKey.url, signedRequest(discordKey.privateKey, ping('93'), nowSeconds()));
    expect(refused.status).toBe(401);
  });

  it('is what the fake developer portal requires of an endpoint: one that skips the signature check is not saved', async () => {
    const naive = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"type":1}'),
    );
    await new Promise<void>((resolve) => naive.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(naive.address() as AddressInfo).port}/interactions`;
      await expect(h.discord.setInteractionsEndpoint({ url, privateKey: discordKey.privateKey })).rejects.toThrow(
        'a PING with a bad signature was answered 200, not 401',
      );
    } finally {
      await new Promise((resolve) => naive.close(resolve));
    }
  });

  it('refuses a missing or bad signature, a stale or future timestamp, and the wrong key, running nothing', async () => {
    const before = (await guildSettings(h.deps, GUILD_A)).style;
    const build = (timestamp?: string) =>
      h.discord.httpInteraction({ ...admin, ...settingsStyle('detailed') }, { timestamp });

    const unsigned = build();
    const { 'x-signature-ed25519': _sig, ...noSignature } = unsigned.request.headers;
    await expectRefused(endpointUrl, unsigned.id, { ...unsigned.request, headers: noSignature });

    const noTimestamp = build();
    const { 'x-signature-timestamp': _ts, ...withoutTimestamp } = noTimestamp.request.headers;
    await expectRefused(endpointUrl, noTimestamp.id, { ...noTimestamp.request, headers: withoutTimestamp });

    // The body changed after Discord signed it (another style).
    const tampered = build();
    await expectRefused(endpointUrl, tampered.id, {
      ...tampered.request,
      body: tampered.request.body.replace('"detailed"', '"brief"'),
    });

    const otherSigner = h.discord.httpInteraction(
      { ...admin, ...settingsStyle('detailed') },
      {
        privateKey: otherKey.privateKey,
      },
    );
    await expectRefused(endpointUrl, otherSigner.id, otherSigner.request);

    const stale = build(nowSeconds(-6 * 60));
    await expectRefused(endpointUrl, stale.id, stale.request);
    const ahead = build(nowSeconds(5 * 60));
    await expectRefused(endpointUrl, ahead.id, ahead.request);

    // Signed by Discord, but this replica was given another application's public key.
    const misconfigured = build();
    await expectRefused(wrongKey.url, misconfigured.id, misconfigured.request);

    expect((await guildSettings(h.deps, GUILD_A)).style).toBe(before);
  });

  it('refuses a replayed request on the replica that ran it and on the other one', async () => {
    const first = h.discord.httpInteraction({ ...admin, ...settingsStyle('brief') });
    const answer = await h.discord.deliver(goodA.url, first.id, first.request);
    expect(answer?.status).toBe(200);
    expect((await guildSettings(h.deps, GUILD_A)).style).toBe('brief');
    await run(settingsStyle('standard'));
    expect((await guildSettings(h.deps, GUILD_A)).style).toBe('standard');

    for (const replica of [goodB, goodA]) {
      const before = h.discord.requests.length;
      const replayed = await postToEndpoint(replica.url, first.request);
      expect(replayed.status).toBe(401);
      expect(h.discord.requests.length).toBe(before);
    }
    // The replay would have set the style back to brief.
    expect((await guildSettings(h.deps, GUILD_A)).style).toBe('standard');
    expect(await served(goodB.deps, 'refused_replay')).toBeGreaterThanOrEqual(1);
    expect(await served(goodA.deps, 'refused_replay')).toBeGreaterThanOrEqual(1);
  });
});

describe('HTTP interactions: the same commands as the gateway', () => {
  let feedId: number;
  let subscriptionId: number;
  beforeAll(async () => {
    const feed = await h.feed('https://news.example/rss', 'A News', [[GUILD_A, SPORTS]]);
    feedId = feed.id;
    subscriptionId = (await h.deps.store.subscriptions.ofGuild(GUILD_A))[0]?.id as number;
  });

  it('runs slash commands on both replicas behind the load balancer, answering in the HTTP response', async () => {
    const answeredBefore = [await served(goodA.deps, 'answered'), await served(goodB.deps, 'answered')];
    for (let i = 0; i < 4; i++) {
      const help = await run({ userId: MEMBER, memberPermissions: 0n, commandName: 'help' });
      expect(help.first.kind).toBe('callback');
      expect(help.first.callbackType).toBe(4);
      expect(help.content).toContain('/feed add');
    }
    const answeredAfter = [await served(goodA.deps, 'answered'), await served(goodB.deps, 'answered')];
    expect(answeredAfter[0]).toBeGreaterThanOrEqual((answeredBefore[0] as number) + 2);
    expect(answeredAfter[1]).toBeGreaterThanOrEqual((answeredBefore[1] as number) + 2);

    // Requirements hold as on the gateway: a member without Manage Server is refused, in their language.
    const denied = await run({ userId: MEMBER, memberPermissions: 0n, locale: 'zh-TW', ...settingsStyle('brief') });
    expect(denied.first.ephemeral).toBe(true);
    expect(denied.content).not.toBe('');
    expect((await guildSettings(h.deps, GUILD_A)).style).toBe('standard');
  });

  it('edits a deferred reply right after the deferral without overtaking it (/search)', async () => {
    // Discord takes a moment to apply the HTTP answer; an edit arriving first finds no message to edit.
    await h.discord.setInteractionsEndpoint({ url: endpointUrl, privateKey: discordKey.privateKey, readDelayMs: 150 });
    for (let i = 0; i < 2; i++) {
      const searched = await run({
        userId: MEMBER,
        memberPermissions: 0n,
        commandName: 'search',
        options: { query: 'pier' },
      });
      expect(searched.first.callbackType).toBe(5);
      expect(searched.final.kind).toBe('edit-original');
      expect(h.discord.interactionFailure(searched.id)).toBeNull();
    }
    await h.discord.setInteractionsEndpoint({ url: endpointUrl, privateKey: discordKey.privateKey });
  });

  it('answers autocomplete with this server’s feeds', async () => {
    const id = h.discord.sendInteraction({
      ...admin,
      type: 4,
      commandName: 'feed',
      options: [{ type: 1, name: 'remove', options: [{ type: 3, name: 'feed', value: 'news', focused: true }] }],
    });
    const first = await h.discord.waitForInteractionResponse(id, 5000);
    expect(first.callbackType).toBe(8);
    const { choices } = (first.body as { data: { choices: Array<{ value: string }> } }).data;
    expect(choices.map((c) => c.value)).toEqual([String(feedId)]);
  });

  it('shows what the gateway bot shows from its cache: channel and server names, read from Discord', async () => {
    const id = h.discord.sendInteraction({
      ...admin,
      type: 4,
      commandName: 'unsubscribe',
      options: { subscription: 'sports' },
      focused: 'subscription',
    });
    const first = await h.discord.waitForInteractionResponse(id, 5000);
    expect((first.body as { data: { choices: unknown[] } }).data.choices).toEqual([
      { name: '#sports ← A News', value: String(subscriptionId) },
    ]);
    const latest = await run({ userId: MEMBER, memberPermissions: 0n, commandName: 'latest' });
    expect(latest.content.split('\n')[0]).toContain('Newsroom');
  });

  it('runs a button: Confirm on /unsubscribe removes the subscription', async () => {
    const asked = await run({ commandName: 'unsubscribe', options: { subscription: String(subscriptionId) } });
    expect(asked.first.ephemeral).toBe(true);
    const message = asked.first.message;
    const row = message?.components?.[0] as { components: Array<{ custom_id: string }> } | undefined;
    const confirm = row?.components[0]?.custom_id;
    expect(confirm).toBe(`unsubscribe:confirm:${subscriptionId}`);
    const pressed = await run({ type: 3, customId: confirm, messageId: message?.id });
    expect(pressed.first.callbackType).toBe(7);
    expect(pressed.content).toBe(`<#${SPORTS}> no longer follows **A News**.`);
    expect(await h.deps.store.subscriptions.ofGuild(GUILD_A)).toEqual([]);
  });

  it('sends a reply with a file as a deferral and its edit (/feed export)', async () => {
    await h.deps.store.subscriptions.create(
      { guildId: GUILD_A, channelId: NEWS, feedId, mentionRoleId: null },
      h.deps.now(),
    );
    const exported = await run({ commandName: 'feed', options: [{ type: 1, name: 'export' }] });
    expect(exported.first.callbackType).toBe(5);
    expect(exported.first.ephemeral).toBe(true);
    expect(exported.final.kind).toBe('edit-original');
    const attachments = exported.final.message?.attachments ?? [];
    expect(attachments.map((a) => a.filename)).toEqual(['herald-feeds.opml']);
  });
});

describe('HTTP interactions: handlers slower than Discord waits', () => {
  let server: Server;
  let url: string;
  let endpoint: Awaited<ReturnType<typeof createInteractionsEndpoint>>;
  /** Each handler of the slow command waits for its gate, which the test opens once the endpoint has deferred. */
  const gates = new Map<string, () => void>();
  const gate = (name: string) => new Promise<void>((resolve) => gates.set(name, resolve));
  const release = (name: string) => gates.get(name)?.();

  beforeAll(async () => {
    const slow: Command = {
      data: new SlashCommandBuilder().setName('slow').setDescription('Waits for the test'),
      requires: { manageServer: true },
      async execute(interaction) {
        await gate('command');
        await interaction.reply({ content: 'done at last', flags: 64 });
      },
      async autocomplete(interaction) {
        await gate('autocomplete');
        await interaction.respond([{ name: 'late', value: 'late' }]);
      },
      async button(interaction) {
        await gate(interaction.customId);
        if (interaction.customId === 'slow:update')
          await interaction.update({ content: 'updated late', components: [] });
        else await interaction.reply({ content: 'a private note', flags: 64 });
      },
    };
    endpoint = await createInteractionsEndpoint(h.deps, new Map([['slow', slow]]), {
      token: TOKEN,
      applicationId: APP,
      api: h.discord.apiUrl,
      publicKey: interactionPublicKey(publicHex(discordKey.publicKey)),
      replay: redisReplayGuard(redis, prefix),
      deferAfterMs: 200,
    });
    server = createServer(endpoint.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/interactions`;
  });

  afterAll(async () => {
    for (const open of gates.values()) open();
    await endpoint?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('defers a slow command privately, then turns its reply into the edit of the deferred message', async () => {
    const { id, request } = h.discord.httpInteraction({ ...admin, commandName: 'slow' });
    const answer = await h.discord.deliver(url, id, request);
    expect(answer?.status).toBe(200);
    const [deferral] = h.discord.interactionResponses(id);
    expect(deferral).toMatchObject({ kind: 'callback', callbackType: 5, ephemeral: true });
    expect(deferral?.delayMs).toBeLessThan(3000);
    await waitFor('the command waiting', () => gates.has('command'));
    release('command');
    const edit = await waitFor('the edit', () =>
      h.discord.interactionResponses(id).find((r) => r.kind === 'edit-original'),
    );
    expect(responseText(edit)).toBe('done at last');
    expect(h.discord.interactionFailure(id)).toBeNull();
  });

  it('answers a slow autocomplete with no choices rather than nothing', async () => {
    const { id, request } = h.discord.httpInteraction({
      ...admin,
      type: 4,
      commandName: 'slow',
      options: { q: 'x' },
      focused: 'q',
    });
    await h.discord.deliver(url, id, request);
    const [answer] = h.discord.interactionResponses(id);
    expect(answer).toMatchObject({ callbackType: 8, body: { type: 8, data: { choices: [] } } });
    await waitFor('the autocomplete waiting', () => gates.has('autocomplete'));
    release('autocomplete');
    expect(h.discord.interactionFailure(id)).toBeNull();
  });

  it('defers a slow button without touching its message, then edits the message or follows up', async () => {
    const message = h.discord.messages(NEWS).at(-1) ?? (await run({ commandName: 'help' })).first.message;
    for (const customId of ['slow:update', 'slow:reply']) {
      const { id, request } = h.discord.httpInteraction({ ...admin, type: 3, customId, messageId: message?.id });
      await h.discord.deliver(url, id, request);
      const [deferral] = h.discord.interactionResponses(id);
      expect(deferral).toMatchObject({ kind: 'callback', callbackType: 6 });
      await waitFor('the button waiting', () => gates.has(customId));
      release(customId);
      const later = await waitFor('the late answer', () => h.discord.interactionResponses(id)[1]);
      if (customId === 'slow:update') {
        expect(later.kind).toBe('edit-original');
        expect(later.message?.id).toBe(message?.id);
        expect(responseText(later)).toBe('updated late');
      } else {
        expect(later).toMatchObject({ kind: 'followup', ephemeral: true });
        expect(responseText(later)).toBe('a private note');
      }
      expect(h.discord.interactionFailure(id)).toBeNull();
    }
  });
});
