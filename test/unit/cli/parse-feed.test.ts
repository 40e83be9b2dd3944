import { describe, expect, it } from 'vitest';
import { terminalSafeJson } from '../../../src/cli/parse-feed.js';

describe('terminalSafeJson', () => {
  it('escapes every control character a terminal could act on, and means the same document', () => {
    const value = { guid: 'a\u001b[2Jb\u009b31mc\u202egnp.exe\u007f', title: 'Plain “text” 中文' };
    const json = terminalSafeJson(value);
    expect(json).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202d\u202e]/);
    expect(json).toContain('\\u009b');
    expect(JSON.parse(json)).toEqual(value);
  });
});
