import type { FeedProblem, NotAFeedDocument, OpmlEntryProblem, QueryFilter } from '../domain.js';
import { enBlocked } from './en-fetch.js';
import { mebibytes as mib, QUERY_EXAMPLES, relativeTime as when } from './format.js';

const QUERY_HELP =
  'Syntax: words (all must match), "exact phrase", -exclude, a OR b, feed:name, since:7d or since:2024-05-01, before:2024-06-01, lang:zh.';

/**
 * What a user is told when their command cannot be done, thrown as `UserError(key, params)` below the Discord layer
 * and rendered in the user's language by the interaction router. Every text parameter comes from outside (what the
 * user typed, what a feed server or a file said) and arrives here escaped; the other catalogues must have the same
 * keys and parameters (checked by the type and by test/unit/i18n).
 */
export const enErrors = {
  notOneOf: (p: { value: string; allowed: readonly string[] }) => `"${p.value}" is not one of ${p.allowed.join(', ')}.`,
  badBackfill: (p: { max: number }) => `backfill must be a whole number from 0 to ${p.max}.`,
  feedUrlInvalid: (p: { value: string }) =>
    `"${p.value}" is not a URL. Give the feed's full address, starting with https://.`,
  feedUrlScheme: (p: { scheme: string }) => `Only http and https feeds are supported, not ${p.scheme}.`,
  feedNotModified: (p: { url: string }) => `${p.url} answered "not modified" to a first request.`,
  feedNotOnPage: (p: { url: string }) =>
    `${p.url} is a web page that does not link to any feed. Give the feed's own address.`,
  feedNotAdded: (p: { url: string; problem: FeedProblem }) => `Could not add ${p.url}: ${feedProblem(p.problem)}.`,
  feedNotAddedUnexpected: (p: { url: string }) =>
    `Could not add ${p.url}: something went wrong on Herald's side (the logs say what).`,
  noFeedMatch: () => 'No feed of this server matches that. Use the number or the address `/feed list` shows.',
  pageUrlInvalid: (p: { value: string }) =>
    `"${p.value}" is not a URL. Give the article's full address, starting with https://.`,
  pageUrlScheme: () => 'Only http and https pages can be summarized.',
  summarizeOff: () => 'Summarizing pages is turned off on this Herald.',
  /** `retryAt`: epoch milliseconds. */
  summarizeUserLimit: (p: { max: number; retryAt: number }) =>
    `You can summarize ${p.max} pages every 10 minutes. Try again ${when(p.retryAt)}.`,
  summarizeServerLimit: (p: { max: number; retryAt: number }) =>
    `This server can summarize ${p.max} pages an hour. Try again ${when(p.retryAt)}.`,
  pageNotFetched: (p: { url: string; problem: FeedProblem }) => `Could not fetch ${p.url}: ${feedProblem(p.problem)}.`,
  pageWithoutArticle: (p: { url: string }) => `Found no article on ${p.url}.`,
  opmlNotModified: () => 'The file could not be downloaded from Discord (304 Not Modified).',
  opmlNotDownloaded: (p: { problem: FeedProblem }) =>
    `The file could not be downloaded from Discord: ${feedProblem(p.problem)}.`,
  opmlTooLarge: (p: { maxBytes: number }) =>
    `This file is larger than ${mib(p.maxBytes)} MiB; an OPML file is smaller.`,
  opmlEmpty: () => 'This file is empty.',
  opmlWebPage: () => 'This file is a web page, not an OPML file.',
  opmlNotXml: () => 'This file is not XML, so it cannot be OPML.',
  opmlMalformed: (p: { detail: string }) => `This file is not well-formed XML (${p.detail}), so it cannot be OPML.`,
  /** `feed`: the root is a feed's (`rss`, `feed`, `rdf:rdf`). */
  opmlWrongRoot: (p: { root: string; feed: boolean }) =>
    `This file is not OPML: its root element is <${p.root}>, not <opml>.${p.feed ? ' It looks like a feed, not a list of feeds.' : ''}`,
  opmlNoBody: () => 'This OPML file has no <body>, so it lists no feeds.',
  opmlTooManyFeeds: (p: { max: number }) =>
    `This OPML file lists more than ${p.max} feeds; split it and import the parts one by one.`,
  opmlTooManyOutlines: (p: { max: number }) => `This OPML file has more than ${p.max} outlines.`,
  opmlTooDeep: (p: { max: number }) => `This OPML file nests outlines more than ${p.max} levels deep.`,
  /** One unusable entry of an OPML file, in the import report; `entry` is null for an outline without a name. */
  importInvalid: (p: { entry: string | null; problem: OpmlEntryProblem }) =>
    `${p.entry ?? '(untitled)'} — ${opmlEntryProblem(p.problem)}`,
  queryTooLong: (p: { max: number }) => `That query is too long (at most ${p.max} characters).`,
  queryTooManyTerms: (p: { max: number }) => `That query has too many terms (at most ${p.max}).`,
  queryOrSides: () => `OR needs a word or phrase on each side. ${QUERY_HELP}`,
  queryOrExclusion: () => `OR cannot join an exclusion (-word). ${QUERY_HELP}`,
  queryOnlyExclusions: () => `Add at least one word to look for besides the exclusions. ${QUERY_HELP}`,
  queryEmpty: () => `Type a few words to search for. ${QUERY_HELP}`,
  queryQuoteNotClosed: () => `A quote is not closed: add the closing ". ${QUERY_HELP}`,
  queryQuoteNotOpened: () =>
    `A quote is not opened: add the opening " before the phrase, or remove this one. ${QUERY_HELP}`,
  queryFilterEmpty: (p: { name: QueryFilter }) =>
    `${p.name}: needs a value, e.g. ${p.name}:${QUERY_EXAMPLES[p.name]}. ${QUERY_HELP}`,
  queryLang: () => 'lang: expects a language code such as lang:zh, lang:zh-TW or lang:en.',
  queryDate: (p: { name: 'since' | 'before'; value: string }) =>
    `${p.name}: expects a date like 2024-05-01 or an age like 7d, 24h, 2w or 1y (got "${p.value}").`,
  searchPage: () => 'The page must be a whole number from 1.',
  searchNothing: () => 'Type a few words to search for.',
  searchPickFeed: () => 'Pick the feed from the list as you type.',
  searchSince: () => 'Give since as 7d, 24h or 2024-05-01.',
  searchTooLong: (p: { max: number }) => `Keep the query and filters under ${p.max} characters.`,
};

export type ErrorCatalogue = typeof enErrors;

/** Why a feed (or a page, or a file) could not be fetched or read, as a clause. */
function feedProblem(p: FeedProblem): string {
  switch (p.code) {
    case 'http-status':
      return `HTTP ${p.status}${p.statusText ? ` ${p.statusText}` : ''} from ${p.host}`;
    case 'too-many-redirects':
      return `too many redirects (more than ${p.max})`;
    case 'timeout':
      return 'the server did not answer in time';
    case 'unreachable':
      return `Herald could not connect to ${p.host}`;
    case 'blocked':
      return enBlocked(p);
    case 'too-large':
      return `it is larger than ${mib(p.maxBytes)} MiB, more than Herald reads`;
    case 'invalid-url':
      return 'it leads to an address that is not a valid URL';
    case 'unsupported-scheme':
      return `Herald only fetches http and https addresses, not ${p.scheme}`;
    case 'private-address':
      return `Herald does not fetch from private or reserved addresses (${p.host})`;
    case 'not-a-feed':
      return NOT_A_FEED[p.document];
    case 'unreadable-file':
      return `the file cannot be read (${p.errno})`;
    case 'malformed':
      return `the feed is not well-formed (${p.detail})`;
    case 'too-deep':
      return `feed nests elements more than ${p.max} levels deep`;
    case 'too-slow':
      return `reading the feed took longer than ${p.seconds} seconds`;
    case 'unreadable':
      return 'the feed could not be read';
  }
}

const NOT_A_FEED: Record<NotAFeedDocument, string> = {
  html: 'the document is an HTML page, not a feed',
  empty: 'the document is empty',
  xml: 'the document is XML but not RSS or Atom',
  json: 'the document is JSON but not a JSON Feed',
  text: 'the document is neither XML nor JSON',
};

function opmlEntryProblem(p: OpmlEntryProblem): string {
  switch (p.code) {
    case 'not-absolute':
      return 'not an absolute URL';
    case 'unsupported-scheme':
      return `only http and https feeds are supported, not ${p.scheme}`;
    case 'no-address':
      return 'no feed address (xmlUrl)';
  }
}
