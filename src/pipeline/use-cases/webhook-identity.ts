import { UserError } from '../../i18n/user-error.js';
import type { WebhookIdentity } from '../../store/store.js';

/**
 * A subscription's webhook identity from what the admin gave: posting through a webhook is on when asked, or when a
 * name or avatar is given without `webhook: false`; null means posting as Herald. The avatar must be an https URL
 * (Discord fetches it for every post); a blank name or avatar is the feed's own.
 */
export function checkedWebhookIdentity(input: {
  webhook: boolean | null;
  name: string | null;
  avatar: string | null;
}): WebhookIdentity | null {
  const name = input.name?.trim() || null;
  const avatarUrl = input.avatar?.trim() || null;
  if (!(input.webhook ?? (name !== null || avatarUrl !== null))) return null;
  if (avatarUrl !== null && !isHttpsUrl(avatarUrl)) throw new UserError('webhookAvatarInvalid');
  return { name, avatarUrl };
}

function isHttpsUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.hostname.length > 0 && !url.username && !url.password;
  } catch {
    return false;
  }
}
