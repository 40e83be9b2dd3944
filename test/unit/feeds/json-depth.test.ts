import { describe, expect, it } from 'vitest';
import { jsonNestsDeeperThan } from '../../../src/feeds/json-depth.js';

describe('jsonNestsDeeperThan', () => {
  it('counts arrays and objects, not siblings', () => {
    expect(jsonNestsDeeperThan('{"a":[{"b":[1]}]}', 4)).toBe(false);
    expect(jsonNestsDeeperThan('{"a":[{"b":[[1]]}]}', 4)).toBe(true);
    expect(jsonNestsDeeperThan(`[${'[],'.repeat(1000)}[]]`, 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonNestsDeeperThan('{"t":"[[[[{{{{","u":"\\"[[[["}', 1)).toBe(false);
    expect(jsonNestsDeeperThan('{"t":"\\\\",  "u":[[1]]}', 2)).toBe(true);
  });
});
