import { describe, expect, it } from 'vitest';
import {
  BACKUP_LIMITS,
  BACKUP_VERSION,
  type BackupDocument,
  readBackup,
} from '../../../src/pipeline/use-cases/backup-document.js';

const valid = (): BackupDocument => ({
  format: 'herald-backup',
  version: BACKUP_VERSION,
  exportedAt: '2026-12-06T17:00:00.000Z',
  guild: { id: '1200000000000000001', name: 'Newsroom' },
  settings: { language: 'en', style: 'brief', layout: 'full', timezone: 'UTC', filler: 'post' },
  subscriptions: [
    {
      feed: { url: 'https://a.example/feed', title: 'A' },
      channel: { id: '1300000000000000001', name: 'news' },
      mentionRole: null,
      options: { maxPerHour: 5 },
      mentions: [],
    },
  ],
  topics: [],
});

const bytes = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const refusal = (value: unknown) => {
  try {
    readBackup(bytes(value));
  } catch (err) {
    return err as { key: string; params: unknown };
  }
  throw new Error('the document was accepted');
};

describe('readBackup', () => {
  it('reads what export writes, with nothing unknown', () => {
    expect(readBackup(bytes(valid()))).toEqual({ document: valid(), unknownKeys: [] });
  });

  it('ignores keys it does not know, at any depth, and names each', () => {
    const doc = valid() as unknown as Record<string, unknown> & { subscriptions: Array<Record<string, unknown>> };
    doc.webhooks = [];
    (doc.subscriptions[0] as { options: Record<string, unknown> }).options.sparkle = 'per-article';
    const text = JSON.stringify(doc).replace('"mentionRole":null', '"__proto__":{"polluted":true},"mentionRole":null');
    const read = readBackup(bytes(text));
    expect(read.unknownKeys).toEqual(['subscriptions[0].__proto__', 'subscriptions[0].options.sparkle', 'webhooks']);
    expect(read.document.subscriptions[0]?.options).toEqual({ maxPerHour: 5 });
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('refuses what is not a Herald backup, naming the problem', () => {
    expect(refusal('{"format":')).toMatchObject({ key: 'backupNotJson' });
    expect(refusal('<opml version="2.0"/>')).toMatchObject({ key: 'backupNotJson' });
    expect(refusal({ ...valid(), format: 'other' })).toMatchObject({ key: 'backupNotBackup' });
    expect(refusal([valid()])).toMatchObject({ key: 'backupNotBackup' });
    expect(refusal({ ...valid(), version: BACKUP_VERSION + 1 })).toMatchObject({
      key: 'backupNewer',
      params: { max: BACKUP_VERSION },
    });
  });

  it('names the path of a value Herald does not write', () => {
    const badChannel = valid();
    badChannel.subscriptions[0]!.channel.id = '<#1>';
    expect(refusal(badChannel)).toMatchObject({
      key: 'backupInvalid',
      params: { name: 'subscriptions[0].channel.id' },
    });
    const badCap = valid();
    badCap.subscriptions[0]!.options.maxPerHour = 1e9;
    expect(refusal(badCap)).toMatchObject({ params: { name: 'subscriptions[0].options.maxPerHour' } });
    const { topics: _, ...noTopics } = valid();
    expect(refusal(noTopics)).toMatchObject({ params: { name: 'topics' } });
  });

  it('refuses a huge, deeply nested or over-long document before building it', () => {
    expect(() => readBackup(new Uint8Array(BACKUP_LIMITS.maxBytes + 1))).toThrow(/larger than 1024 KiB/);
    const deep = `{"format":"herald-backup","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(refusal(deep)).toMatchObject({ key: 'backupNotBackup' });
    const many = valid();
    many.subscriptions = Array.from({ length: BACKUP_LIMITS.maxSubscriptions + 1 }, () => valid().subscriptions[0]!);
    expect(refusal(many)).toMatchObject({ key: 'backupInvalid', params: { name: 'subscriptions' } });
  });
});
