import { describe, expect, it } from 'vitest';
import type { StoryFacts } from '../../../../src/domain.js';
import { type StoryView, sameStory } from '../../../../src/pipeline/stories/same-story.js';
import { entityOverlap, measuresIn, scriptFamily } from '../../../../src/pipeline/stories/story-facts.js';
import {
  STORY_MATCH_HOURS,
  signatureSimilarity,
  storyFingerprint,
} from '../../../../src/pipeline/stories/story-key.js';
import { numbersDiffer, templateTitles, titleKey } from '../../../../src/pipeline/stories/story-title.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 10, 1);
const view = (title: string, text: string, at = T0, facts: Partial<StoryFacts> | null = null): StoryView => ({
  signature: storyFingerprint({ title, contentText: text }).signature,
  at,
  facts: facts && {
    family: scriptFamily(`${title} ${text}`),
    entities: [],
    topics: [],
    measures: measuresIn(`${title}\n${text}`),
    ...facts,
  },
});

const INDIA =
  "At least nine people were killed and more than 60 injured when an express train derailed near Cuttack in India's Odisha state on Thursday, officials said. Eleven coaches left the tracks at a junction shortly after midnight. Rescue teams worked through the night to reach passengers trapped in overturned carriages. The railway ministry ordered an inquiry into the cause.";
const EVA = (place: string, storm: string) =>
  `EVA Air said on Monday it had cancelled its flights between Taoyuan and ${place} for Tuesday because of Typhoon ${storm}. Passengers can rebook or get a full refund without charge. The airline advised travellers to check its website before going to the airport.`;

describe('same-language matching', () => {
  it('keeps a live update whose death toll rose in the story: counts are not what names an event', () => {
    const first = view('Passenger train derails in eastern India, at least 9 dead', INDIA);
    const update = view(
      'Passenger train derails in eastern India, death toll rises to 14',
      INDIA.replace(
        'At least nine people were killed and more than 60',
        'At least 14 people were killed and more than 70',
      ),
      T0 + 3 * HOUR,
    );
    expect(sameStory(first, update)).toBe(true);
  });

  it('parts two earthquakes of different magnitudes, and items of a numbered template', () => {
    expect(
      numbersDiffer(titleKey('Magnitude 6.1 quake hits Taiwan'), titleKey('Magnitude 5.8 quake hits Taiwan')),
    ).toBe(true);
    expect(numbersDiffer(titleKey('Bulletin 3: the council met'), titleKey('Bulletin 4: the council met'))).toBe(true);
    expect(numbersDiffer(titleKey('Fire kills 12 workers'), titleKey('Fire death toll rises to 15'))).toBe(false);
  });

  it('reads 一 in 一度 as no number, so a Simplified edition keeps the story', () => {
    const tw = '花蓮外海規模6.1地震 全台有感 暫無重大災情';
    const cn = '花莲规模6.1地震 苏花公路落石一度封闭';
    expect(numbersDiffer(titleKey(tw), titleKey(cn))).toBe(false);
  });

  it('parts two notices of one template that differ in a place, however alike their texts', () => {
    const okinawa = view('EVA Air cancels flights to Okinawa as typhoon approaches', EVA('Naha', 'Fung-wong'));
    const manila = view(
      'EVA Air cancels flights to Manila as typhoon approaches',
      EVA('Manila', 'Kalmaegi'),
      T0 + HOUR,
    );
    expect(signatureSimilarity(okinawa.signature, manila.signature)).toBe(0);
    expect(sameStory(okinawa, manila)).toBe(false);
    expect(templateTitles(titleKey('氣象署發布海鷗颱風海上警報'), titleKey('氣象署發布鳳凰颱風海上警報'))).toBe(true);
    // A second outlet's own headline, or a live update's new ending, is no template.
    expect(
      templateTitles(
        titleKey('Magnitude 6.1 earthquake shakes eastern Taiwan, no major damage reported'),
        titleKey('Magnitude 6.1 earthquake shakes eastern Taiwan, Suhua highway reopens'),
      ),
    ).toBe(false);
  });

  it(`matches a copy within ${STORY_MATCH_HOURS} hours only, and the same item posted again for days`, () => {
    const title = 'Passenger train derails in eastern India, at least 9 dead';
    const copy = `(Reuters) - ${INDIA.slice(0, INDIA.lastIndexOf(' The railway'))}`;
    expect(sameStory(view(title, INDIA), view(title, copy, T0 + (STORY_MATCH_HOURS - 1) * HOUR))).toBe(true);
    expect(sameStory(view(title, INDIA), view(title, copy, T0 + (STORY_MATCH_HOURS + 1) * HOUR))).toBe(false);
    expect(sameStory(view(title, INDIA), view(title, INDIA, T0 + 3 * 24 * HOUR))).toBe(true);
  });
});

describe('cross-language matching by facts', () => {
  const en = view(
    'TSMC begins volume production at second Arizona plant',
    'TSMC said its second factory in Phoenix, Arizona, had begun volume production of 3-nanometre chips.',
    T0,
    { entities: ['TSMC', 'Phoenix', 'Arizona'], topics: ['technology'] },
  );
  const zh = view(
    '台積電亞利桑那第二座廠量產3奈米',
    '台積電今天表示，位於美國亞利桑那州鳳凰城的第二座晶圓廠已開始量產3奈米晶片。',
    T0 + HOUR,
    {
      entities: ['TSMC', 'Arizona', 'Phoenix, Arizona'],
      topics: ['business'],
    },
  );

  it('matches an English and a Chinese report naming the same entities in English, within the window', () => {
    expect(scriptFamily('台積電亞利桑那第二座廠')).toBe('zh');
    expect(sameStory(en, zh)).toBe(true);
    expect(sameStory(en, { ...zh, at: T0 + (STORY_MATCH_HOURS + 2) * HOUR })).toBe(false);
    expect(sameStory(en, { ...zh, facts: null })).toBe(false);
  });

  it('does not match reports sharing only a country, nor two quakes whose magnitudes disagree', () => {
    expect(entityOverlap(['China', 'Shanxi', 'CCTV'], ['China', 'Guizhou'])).toEqual({ shared: 1, overlap: 0.5 });
    const quake = (magnitude: string, at: number) =>
      view(`Magnitude ${magnitude} earthquake off Hualien`, `A magnitude ${magnitude} quake struck.`, at, {
        entities: ['Hualien County', 'Central Weather Administration'],
      });
    const zhQuake = view('花蓮外海規模4.6地震', '中央氣象署表示，花蓮縣外海發生規模4.6地震。', T0 + HOUR, {
      entities: ['Central Weather Administration', 'Hualien County'],
    });
    expect(sameStory(quake('4.6', T0), zhQuake)).toBe(true);
    expect(sameStory(quake('6.1', T0), zhQuake)).toBe(false);
  });

  it('uses the embeddings when both have one, whatever their entities', () => {
    const close = (v: number[]) => ({ ...zh, facts: { ...(zh.facts as StoryFacts), entities: [], embedding: v } });
    const withEmbedding = { ...en, facts: { ...(en.facts as StoryFacts), embedding: [1, 0, 0] } };
    expect(sameStory(withEmbedding, close([0.95, 0.1, 0]))).toBe(true);
    expect(sameStory(withEmbedding, close([0.2, 1, 0]))).toBe(false);
  });
});
