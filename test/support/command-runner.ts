import { expect } from 'vitest';
import type { DiscordHarness } from './discord-harness.js';

type Input = Parameters<DiscordHarness['interact']>[0];

/** Runs a command (or a button) and returns the text of its final answer, checking the first came within 3 s. */
export async function runCommand(h: DiscordHarness, input: Input) {
  const { id, first } = await h.interact(input);
  expect(first.delayMs).toBeLessThan(3000);
  const answer = await h.final(id);
  return { id, first, content: answer.content, ephemeral: first.ephemeral };
}

/** Sends an autocomplete interaction and returns the choices the bot offered. */
export async function autocompleteChoices(h: DiscordHarness, input: Input) {
  const { first } = await h.interact({ ...input, type: 4 });
  expect(first.callbackType).toBe(8);
  expect(first.delayMs).toBeLessThan(3000);
  return (first.body as { data: { choices: Array<{ name: string; value: string }> } }).data.choices;
}
