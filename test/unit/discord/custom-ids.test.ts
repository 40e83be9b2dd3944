import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { confirmIds } from '../../../src/discord/confirm.js';
import { customIds } from '../../../src/discord/custom-ids.js';
import { UserError } from '../../../src/i18n/user-error.js';

const ids = customIds('search', {
  page: z.object({ page: z.coerce.number().int().min(1), query: z.string().min(1) }),
});

const expired = (run: () => unknown) => {
  try {
    run();
  } catch (err) {
    return err instanceof UserError ? err.key : err;
  }
  return 'parsed';
};

describe('customIds', () => {
  it('writes fields in the order the schema declares them and reads them back typed', () => {
    const id = ids.encode('page', { page: 2, query: 'taiwan since:7d' });
    expect(id).toBe('search:page:2:taiwan since:7d');
    expect(ids.parse(id)).toEqual({ action: 'page', data: { page: 2, query: 'taiwan since:7d' } });
  });

  it('lets the last field keep its colons', () => {
    expect(ids.parse('search:page:3:feed:12 a:b').data).toEqual({ page: 3, query: 'feed:12 a:b' });
  });

  it('answers any id it cannot read with the expired error', () => {
    for (const id of [
      'search:page:0:q',
      'search:page:x:q',
      'search:page:2',
      'search:page:2:',
      'search:next:2:q',
      'feed:page:2:q',
      'search',
    ]) {
      expect(
        expired(() => ids.parse(id)),
        id,
      ).toBe('expired');
    }
  });

  it('refuses to build an id longer than Discord takes', () => {
    expect(() => ids.encode('page', { page: 1, query: 'x'.repeat(100) })).toThrow(/longer than 100/);
  });

  it('gives Confirm / Cancel pairs a fieldless cancel and a checked confirm', () => {
    const confirm = confirmIds('feed:remove', z.object({ feed: z.string().regex(/^\d+$/) }));
    expect(confirm.encode('confirm', { feed: '12' })).toBe('feed:remove:confirm:12');
    expect(confirm.encode('cancel', {})).toBe('feed:remove:cancel');
    expect(confirm.parse('feed:remove:cancel')).toEqual({ action: 'cancel', data: {} });
    expect(confirm.parse('feed:remove:confirm:12')).toEqual({ action: 'confirm', data: { feed: '12' } });
    expect(expired(() => confirm.parse('feed:remove:confirm:12; drop'))).toBe('expired');
    expect(expired(() => confirm.parse('feed:remove:cancel:12'))).toBe('expired');
  });
});
