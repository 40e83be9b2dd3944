import { describe, expect, it } from 'vitest';
import { describeCause, discordUnavailable, UnavailableError, unavailable } from '../../src/unavailable.js';

function errno(message: string, code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

describe('describeCause', () => {
  it('reads the errors of a dual-stack connect, whose own message is empty', () => {
    const err = new AggregateError(
      [errno('connect ECONNREFUSED ::1:1', 'ECONNREFUSED'), errno('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED')],
      '',
    );
    expect(describeCause(err)).toBe('connect ECONNREFUSED ::1:1; connect ECONNREFUSED 127.0.0.1:1');
  });

  it('falls back to the code, and keeps to one line', () => {
    expect(describeCause(errno('', 'ECONNRESET'))).toBe('ECONNRESET');
    expect(describeCause(new Error('first\n  second'))).toBe('first second');
  });
});

describe('unavailable', () => {
  it('names the variable and the URL, and scrubs the password from the cause too', () => {
    const err = unavailable(
      'open the database',
      'DATABASE_URL',
      'postgres://herald:s3cret@db:5432/herald',
      new Error('password "s3cret" rejected'),
    );
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err.message).toBe(
      'cannot open the database at postgres://herald:***@db:5432/herald (DATABASE_URL): password "***" rejected',
    );
  });
});

describe('discordUnavailable', () => {
  const api = 'https://discord.com/api';
  const discordError = (status: number, code: number, message: string) =>
    Object.assign(new Error(message), { status, code });

  it.each([
    [discordError(401, 0, '401: Unauthorized'), /^Discord refused the bot token \(DISCORD_TOKEN\): 401: Unauthorized$/],
    [Object.assign(new Error('An invalid token was provided.'), { code: 'TokenInvalid' }), /\(DISCORD_TOKEN\)/],
    [discordError(403, 50001, 'Missing Access'), /Missing Access \(is DISCORD_APPLICATION_ID the application of/],

    [discordError(502, 0, 'Bad Gateway'), /^Discord answered 502: Bad Gateway$/],
    [
      errno('getaddrinfo ENOTFOUND discord.com', 'ENOTFOUND'),
      /^cannot reach Discord at https:\/\/discord\.com\/api \(DISCORD_API_URL\): getaddrinfo ENOTFOUND/,
    ],
  ])('explains %s', (err, message) => {
    expect(discordUnavailable(api, err).message).toMatch(message);
  });

  it('points at the invitation when a server refuses the commands', () => {
    for (const err of [discordError(403, 50001, 'Missing Access'), discordError(404, 10004, 'Unknown Guild')]) {
      expect(discordUnavailable(api, err, '1200000000000000001').message).toMatch(
        /^Discord refused: .* \(is the bot in server 1200000000000000001, invited with the applications\.commands scope\?\)$/,
      );
    }
  });
});
