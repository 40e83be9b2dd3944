import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autocompleteChoices, runCommand } from '../support/command-runner.js';
import { ADMIN, type DiscordHarness, GUILD_A, MANAGE_GUILD, NEWS, startHarness } from '../support/discord-harness.js';
import { visibleText } from '../support/discord-markdown.js';

const PHISH = '[Verify](https://evil.example/p)';
/** A feed title as a hostile feed writes it: a header, a phishing link, a spoiler, pings, control characters. */
const TITLE = `# ${PHISH} ||s|| @everyone <@12345>\u0007\u202e`;
const SHOWN = `# ${PHISH} ||s|| @everyone <@12345>`;

let h: DiscordHarness;
let feedId: number;
const admin = { userId: ADMIN, memberPermissions: MANAGE_GUILD };

beforeAll(async () => {
  h = await startHarness({ bot: true });
  feedId = (await h.feed('https://hostile.example/feed', TITLE, [[GUILD_A, NEWS]])).id;
  await h.article(feedId, { key: 'a', title: `> ${PHISH}`, publishedAt: Date.UTC(2026, 0, 2) });
});
afterAll(async () => {
  await h?.close();
});

const feedOption = (sub: string) => [
  { type: 1, name: sub, options: [{ type: 3, name: 'feed', value: String(feedId) }] },
];

/** The answer shows the hostile feed title as text: no live link, header, spoiler, ping or control character. */
function expectInert(content: string): void {
  expect(content).not.toContain(PHISH);
  expect(content).not.toContain('||');
  expect(content).not.toMatch(/@everyone|<@\d+>|[\u0007\u202e]/);
  expect(content.split('\n').filter((line) => /^\s*(?:#|>)/.test(line))).toEqual([]);
  expect(visibleText(content)).toContain(SHOWN);
}

describe('commands that echo a hostile feed title', () => {
  it('show it as text in /subscriptions, /latest, /feed remove, /feed retry and /unsubscribe', async () => {
    const answers = [
      await runCommand(h, { ...admin, commandName: 'subscriptions' }),
      await runCommand(h, { ...admin, commandName: 'latest', options: { feed: String(feedId) } }),
      await runCommand(h, { ...admin, commandName: 'feed', options: feedOption('remove') }),
      await runCommand(h, { ...admin, commandName: 'feed', options: feedOption('retry') }),
    ];
    const [sub] = await h.deps.store.subscriptions.ofGuild(GUILD_A);
    answers.push(
      await runCommand(h, { ...admin, commandName: 'unsubscribe', options: { subscription: String(sub?.id) } }),
    );
    for (const { content } of answers) expectInert(content);
    expect(visibleText(answers[1]?.content ?? '')).toContain(`> ${PHISH}`);
  });

  it('offers it in autocomplete as plain text without control characters or pings', async () => {
    const choices = await autocompleteChoices(h, {
      ...admin,
      commandName: 'latest',
      options: { feed: '' },
      focused: 'feed',
    });
    expect(choices[0]?.name.startsWith(`# ${PHISH}`)).toBe(true);
    expect(choices[0]?.name).not.toMatch(/@everyone|<@\d+>|[\u0007\u202e]/);
  });
});
