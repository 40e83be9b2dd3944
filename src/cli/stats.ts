import type { Config } from '../config.js';
import { utcDay } from '../pipeline/summarize/summarize-setup.js';
import { openMigratedStore } from '../store/open.js';
import type { LlmUsageRow, SummaryEventRow } from '../store/store.js';

/** Days shown by `herald stats`: today and the six before. */
const DAYS = 7;

/** What `herald stats --json` prints. */
export interface StatsReport {
  since: string;
  today: { tokens: number; dailyBudget: number | null };
  usage: LlmUsageRow[];
  models: Array<{ model: string; calls: number; promptTokens: number; completionTokens: number }>;
  events: SummaryEventRow[];
  eventTotals: Record<string, number>;
}

/** Usage and events of the last {@link DAYS} days, with totals per model and per event kind. */
export function statsReport(
  config: Config,
  now: number,
  data: { usage: LlmUsageRow[]; events: SummaryEventRow[] },
): StatsReport {
  const since = utcDay(now - (DAYS - 1) * 86_400_000);
  const models = new Map<string, StatsReport['models'][number]>();
  for (const u of data.usage) {
    const m = models.get(u.model) ?? { model: u.model, calls: 0, promptTokens: 0, completionTokens: 0 };
    m.calls += u.calls;
    m.promptTokens += u.promptTokens;
    m.completionTokens += u.completionTokens;
    models.set(u.model, m);
  }
  const eventTotals: Record<string, number> = {};
  for (const e of data.events) eventTotals[e.kind] = (eventTotals[e.kind] ?? 0) + e.count;
  const today = utcDay(now);
  const tokens = data.usage.filter((u) => u.day === today).reduce((n, u) => n + u.promptTokens + u.completionTokens, 0);
  return {
    since,
    today: { tokens, dailyBudget: config.LLM_DAILY_TOKEN_BUDGET || null },
    usage: data.usage,
    models: [...models.values()],
    events: data.events,
    eventTotals,
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The report as text for a terminal. */
export function formatStats(report: StatsReport): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const budget = report.today.dailyBudget === null ? 'no daily budget' : `of ${n(report.today.dailyBudget)} a day`;
  const lines = [`LLM usage since ${report.since} (UTC); today ${n(report.today.tokens)} tokens, ${budget}`, ''];
  if (report.usage.length === 0) lines.push('no LLM calls');
  else {
    lines.push(
      table([
        ['day', 'model', 'calls', 'prompt tokens', 'completion tokens'],
        ...report.usage.map((u) => [u.day, u.model, n(u.calls), n(u.promptTokens), n(u.completionTokens)]),
        ...report.models.map((m) => ['total', m.model, n(m.calls), n(m.promptTokens), n(m.completionTokens)]),
      ]),
    );
  }
  lines.push('', 'Summaries');
  const kinds = Object.keys(report.eventTotals).sort();
  if (kinds.length === 0) lines.push('none');
  else lines.push(table([['event', 'count'], ...kinds.map((k) => [k, n(report.eventTotals[k] ?? 0)])]));
  return `${lines.join('\n')}\n`;
}

/** `herald stats [--json]`: LLM calls and tokens per model and day, and summary events (fallbacks, faithfulness). */
export async function runStats(config: Config, json: boolean, now = Date.now()): Promise<number> {
  const { store } = await openMigratedStore(config.DATABASE_URL);
  try {
    const report = statsReport(config, now, await store.usage.since(utcDay(now - (DAYS - 1) * 86_400_000)));
    process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatStats(report));
  } finally {
    await store.close();
  }
  return 0;
}
