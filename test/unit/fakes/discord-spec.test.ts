import { describe, expect, it } from 'vitest';
import { checkRequest, specPathOf } from '../../fakes/discord/spec.js';

const noQuery = new URLSearchParams();

describe("the fake Discord holds requests to Discord's published API spec", () => {
  it('maps a request path to the spec route, literals before parameters', () => {
    expect(specPathOf('/channels/1/messages')).toBe('/channels/{channel_id}/messages');
    expect(specPathOf('/channels/1/messages/2/crosspost')).toBe(
      '/channels/{channel_id}/messages/{message_id}/crosspost',
    );
    expect(specPathOf('/webhooks/1/abc')).toBe('/webhooks/{webhook_id}/{webhook_token}');
    expect(specPathOf('/channels/1/nothing-like-this')).toBeNull();
  });

  it('refuses a method the spec does not give a route', () => {
    expect(checkRequest('PUT', '/channels/1/messages', {}, noQuery).kind).toBe('unknown-route');
  });

  it('accepts what Herald sends and discord.js encodes', () => {
    const post = {
      content: 'hi',
      nonce: 'herald-1',
      enforce_nonce: true,
      allowed_mentions: { parse: [], roles: ['1'] },
    };
    expect(checkRequest('POST', '/channels/1/messages', post, noQuery).kind).toBe('ok');
    // Permission bit sets are strings on the wire, though the spec types them as integers.
    const commands = [{ name: 'feed', description: 'd', type: 1, default_member_permissions: '32' }];
    expect(checkRequest('PUT', '/applications/1/commands', commands, noQuery).kind).toBe('ok');
    const hook = new URLSearchParams('wait=true&thread_id=123');
    expect(checkRequest('POST', '/webhooks/1/t', { content: 'x', username: 'DW' }, hook).kind).toBe('ok');
  });

  it("answers a body that breaks the spec with Discord's nested 50035 errors", () => {
    const verdict = checkRequest(
      'POST',
      '/channels/1/messages',
      { content: 5, embeds: [{ title: 'x'.repeat(257) }], allowed_mentions: { parse: ['everyone', 'nobody'] } },
      noQuery,
    );
    expect(verdict.kind).toBe('invalid');
    if (verdict.kind !== 'invalid') return;
    const codeAt = (...path: string[]) =>
      (
        path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], verdict.errors.tree) as {
          _errors: Array<{ code: string }>;
        }
      )._errors[0]?.code;
    expect(codeAt('content')).toBe('BASE_TYPE_BAD_TYPE');
    expect(codeAt('embeds', '0', 'title')).toBe('BASE_TYPE_MAX_LENGTH');
    expect(codeAt('allowed_mentions', 'parse', '1')).toBe('BASE_TYPE_CHOICES');
  });

  it("checks the query's declared parameters", () => {
    const verdict = checkRequest('POST', '/webhooks/1/t', { content: 'x' }, new URLSearchParams('thread_id=abc'));
    expect(verdict.kind).toBe('invalid');
    if (verdict.kind === 'invalid') expect(Object.keys(verdict.errors.tree)).toEqual(['thread_id']);
  });
});
