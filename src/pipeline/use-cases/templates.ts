import type { Deps } from '../../deps.js';
import type { Summary } from '../../domain.js';
import { UserError } from '../../i18n/user-error.js';
import type { FeedRef } from '../../ports/publisher.js';
import type { PostLayout } from '../../store/store.js';
import { type ArticleRow, POST_LAYOUTS, type TemplateRow } from '../../store/store.js';
import { ensureSummary } from '../summarize/summaries.js';
import { feedOfGuild } from './guild-refs.js';
import { guildSettings } from './settings.js';

type StoreDeps = Pick<Deps, 'store' | 'now'>;

/** A server keeps at most this many templates: what one autocomplete list shows beside the presets. */
export const MAX_TEMPLATES = 20;
const NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** A post's look as stored: a preset, or the name of one of the server's templates. */
export interface LookChoice {
  layout: PostLayout | null;
  template: string | null;
}

const isPreset = (value: string): value is PostLayout => (POST_LAYOUTS as readonly string[]).includes(value);

/**
 * Saves the server's template `name` (its content checked by the caller, who knows the format), replacing one of
 * that name. A bad name or a server at {@link MAX_TEMPLATES} is a `UserError`.
 */
export async function saveTemplate(deps: StoreDeps, guildId: string, name: string, content: string) {
  const clean = name.trim().toLowerCase();
  if (!NAME.test(clean) || isPreset(clean)) throw new UserError('templateBadName', { name: name.slice(0, 40) });
  const existing = await deps.store.templates.ofGuild(guildId);
  if (existing.length >= MAX_TEMPLATES && !existing.some((t) => t.name === clean)) {
    throw new UserError('templateTooMany', { max: MAX_TEMPLATES });
  }
  return deps.store.templates.put({ guildId, name: clean, content }, deps.now());
}

/** The server's templates by name. */
export function guildTemplates(deps: StoreDeps, guildId: string): Promise<TemplateRow[]> {
  return deps.store.templates.ofGuild(guildId);
}

/** Removes the server's template `name`; what used it takes its preset again. None by that name: `templateUnknown`. */
export async function removeTemplate(deps: StoreDeps, guildId: string, name: string): Promise<void> {
  if (!(await deps.store.templates.remove(guildId, name.trim().toLowerCase()))) {
    throw new UserError('templateUnknown', { name: name.slice(0, 40) });
  }
}

/**
 * What `template:` names: a preset, or one of the server's templates (with its source, for a preview); anything else
 * is `templateUnknown`.
 */
export async function lookOfGuild(
  deps: StoreDeps,
  guildId: string,
  value: string,
): Promise<LookChoice & { source: string | null }> {
  const name = value.trim().toLowerCase();
  if (isPreset(name)) return { layout: name, template: null, source: null };
  const found = await deps.store.templates.get(guildId, name);
  if (!found) throw new UserError('templateUnknown', { name: value.slice(0, 40) });
  return { layout: null, template: found.name, source: found.content };
}

/** What a preview renders: the feed, and its newest article with its summary in the language asked (null: none yet). */
export interface PreviewArticle {
  feed: FeedRef;
  latest: { article: ArticleRow; summary: Summary } | null;
}

/**
 * One of the server's feeds and its newest article with its summary in `language` (the server's when null) and the
 * server's style: the stored one, or made now, once, and kept for the posts that follow.
 */
export async function previewArticle(
  deps: Pick<Deps, 'store' | 'now' | 'summarizer' | 'config'>,
  guildId: string,
  feedRef: string,
  language: string | null,
): Promise<PreviewArticle> {
  const row = await feedOfGuild(deps, guildId, feedRef);
  const feed: FeedRef = { id: row.id, title: row.title, url: row.url, siteLink: row.siteLink };
  const [article] = await deps.store.articles.latest(row.id, 1);
  if (!article) return { feed, latest: null };
  const prefs = await guildSettings(deps, guildId);
  return {
    feed,
    latest: { article, summary: await ensureSummary(deps, article, language ?? prefs.language, prefs.style) },
  };
}
