import { describe, expect, it } from 'vitest';
import { runHeraldWithBudget } from './budget.js';

describe('hostile-suite budget harness', () => {
  it('reports the peak RSS of a herald run and its exit code', async () => {
    const run = await runHeraldWithBudget(['parse-feed', 'samples/dw-zh.xml', '--json'], { timeoutMs: 60_000 });
    expect(run.timedOut).toBe(false);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).items.length).toBeGreaterThan(0);
    expect(run.peakRssMb).toBeGreaterThan(20);
    expect(run.stderr).not.toContain('HOSTILE_MAX_RSS_KB');
  });

  it('kills a run that exceeds its time budget', async () => {
    const run = await runHeraldWithBudget(['parse-feed', 'samples/dw-zh.xml'], { timeoutMs: 50 });
    expect(run.timedOut).toBe(true);
    expect(run.code).toBeNull();
  });
});
