import { validateCommands } from '../src/discord/command.js';
import alert from './alert.js';
import backup from './backup/index.js';
import briefing from './briefing.js';
import feed from './feed/index.js';
import forumTags from './forum-tags.js';
import help from './help.js';
import latest from './latest.js';
import mention from './mention.js';
import search from './search.js';
import settings from './settings.js';
import story from './story.js';
import subscribe from './subscribe.js';
import subscriptions from './subscriptions.js';
import summarize from './summarize.js';
import template from './template/index.js';
import unsubscribe from './unsubscribe.js';

/** Every slash command, checked once at load (unique names, an `execute` each). */
export const commands = validateCommands([
  feed,
  subscriptions,
  search,
  subscribe,
  unsubscribe,
  mention,
  forumTags,
  alert,
  briefing,
  story,
  latest,
  settings,
  help,
  summarize,
  backup,
  template,
]);
