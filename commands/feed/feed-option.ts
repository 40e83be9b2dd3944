import type { SlashCommandStringOption } from 'discord.js';

/** The `feed` option of the subcommands that act on one followed feed, named by its number in /feed list or address. */
export const feedOption = (o: SlashCommandStringOption) =>
  o
    .setName('feed')
    .setDescription('The feed: its number in /feed list, or its address')
    .setRequired(true)
    .setMaxLength(2000)
    .setAutocomplete(true);
