import type { Deps } from '../../deps.js';
import { UserError } from '../../i18n/user-error.js';
import type { GuildStorySettings, StoryAlertRule, StoryArticle } from '../../store/store.js';
import { articleLanguage, canonicalTag, primaryLanguage } from '../../text/language.js';
import { storyOf } from '../stories/story-of.js';
import { probeOf } from './feed-admin.js';
import { feedsOfGuild } from './guild-refs.js';
import { findSubscription } from './subscriptions-admin.js';

type StoryDeps = Pick<Deps, 'store' | 'now'>;

/** The most reports "All coverage" lists. */
export const COVERAGE_SHOWN = 25;
/** Bounds of `/settings story-window-hours`. */
export const STORY_WINDOW_HOURS = { min: 1, max: 168 } as const;

/** A server's story settings. */
export function storySettingsOf(deps: StoryDeps, guildId: string): Promise<GuildStorySettings> {
  return deps.store.storyPosts.guildSettings(guildId);
}

/** Changes a server's story settings (`/settings per-story story-window-hours`); absent fields keep their value. */
export function changeStorySettings(
  deps: StoryDeps,
  guildId: string,
  change: Partial<GuildStorySettings>,
): Promise<GuildStorySettings> {
  const hours = change.windowHours;
  if (
    hours !== undefined &&
    (!Number.isInteger(hours) || hours < STORY_WINDOW_HOURS.min || hours > STORY_WINDOW_HOURS.max)
  ) {
    throw new Error(`story window out of range: ${hours}`);
  }
  return deps.store.storyPosts.configureGuild(guildId, change);
}

/** Sets whether a feed subscription posts one post per story (null: its server's setting). */
export async function setPerStory(deps: StoryDeps, subscriptionId: number, perStory: boolean | null): Promise<void> {
  await deps.store.storyPosts.configureSubscription(subscriptionId, { perStory });
}

/** Whether a feed subscription posts one post per story: its own setting, else its server's. */
export async function perStoryOf(deps: StoryDeps, subscription: { id: number; guildId: string }): Promise<boolean> {
  const own = await deps.store.storyPosts.subscriptionSettings(subscription.id);
  return own.perStory ?? (await deps.store.storyPosts.guildSettings(subscription.guildId)).perStory;
}

/**
 * Gives the guild's feed subscription `ref` a breaking alert (replacing its earlier one), and says whether it posts
 * one post per story (an alert replies to a story's post, so without it none is sent).
 */
export async function setAlert(
  deps: StoryDeps,
  input: { guildId: string; ref: string; rule: StoryAlertRule },
): Promise<{ ref: string; perStory: boolean }> {
  const target = await findSubscription(deps, input.guildId, input.ref);
  if (target.kind === 'topic') throw new UserError('alertTopic');
  const id = Number(target.ref);
  await deps.store.storyPosts.configureSubscription(id, { alert: input.rule });
  return { ref: target.ref, perStory: await perStoryOf(deps, { id, guildId: input.guildId }) };
}

/** Removes the breaking alert of the guild's subscription `ref`; `alertNone` when it had none. */
export async function removeAlert(deps: StoryDeps, guildId: string, ref: string): Promise<string> {
  const target = await findSubscription(deps, guildId, ref);
  if (target.kind === 'topic') throw new UserError('alertNone', { subscription: target.ref });
  const id = Number(target.ref);
  if (!(await deps.store.storyPosts.subscriptionSettings(id)).alert) {
    throw new UserError('alertNone', { subscription: target.ref });
  }
  await deps.store.storyPosts.configureSubscription(id, { alert: null });
  return target.ref;
}

/** The guild's breaking alerts, by subscription. */
export async function listAlerts(
  deps: StoryDeps,
  guildId: string,
): Promise<Array<{ ref: string; channelId: string; rule: StoryAlertRule }>> {
  return (await deps.store.storyPosts.alertsOfGuild(guildId)).map((a) => ({
    ref: String(a.subscriptionId),
    channelId: a.channelId,
    rule: a.rule,
  }));
}

/**
 * Every report of a story from the feeds the guild follows ("All coverage"), oldest first: its copies and the reports
 * in other languages linked to it. `storyKey` is any of its stories' keys (a post's button carries the story's).
 */
export async function storyCoverage(deps: StoryDeps, guildId: string, storyKey: string): Promise<StoryArticle[]> {
  const storyId = (await storyOf(deps, { storyKey })) ?? storyKey;
  const reports = await deps.store.storyPosts.coverage(storyId, guildId, COVERAGE_SHOWN);
  return reports.map((r) => ({ ...r, language: ownLanguage(r.title, r.language) }));
}

/**
 * A report's own language. The stored one is its story's, and copies in both Chinese scripts share a story: the
 * title's script tells the Simplified copy of a Traditional story apart. A title too short to tell keeps the stored.
 */
function ownLanguage(title: string, stored: string | null): string | null {
  if (!stored) return stored;
  const detected = articleLanguage(title, stored);
  return detected === primaryLanguage(stored) ? canonicalTag(stored) : detected;
}

/** "All coverage" of the story of an article the guild's feeds carry, found by its address; empty when none does. */
export async function storyCoverageOfLink(deps: StoryDeps, guildId: string, url: string): Promise<StoryArticle[]> {
  const feeds = await feedsOfGuild(deps, guildId);
  const [article] = await deps.store.feedAdmin.findArticles(
    feeds.map((f) => f.id),
    probeOf(url),
    1,
  );
  return article?.storyKey ? storyCoverage(deps, guildId, article.storyKey) : [];
}
