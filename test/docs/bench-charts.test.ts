import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { benchCharts } from '../bench/charts.js';
import { evaluateTargets, type BenchResults } from '../bench/report.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const results = JSON.parse(readFileSync(`${ROOT}test/bench/results/latest.json`, 'utf8')) as BenchResults;
results.targets = evaluateTargets(results);
const page = readFileSync(`${ROOT}docs/benchmarks.md`, 'utf8');

describe('the charts of docs/benchmarks.md', () => {
  const charts = Object.entries(benchCharts(results));

  it.each(charts)('docs/charts/%s is regenerated from test/bench/results/latest.json', (name, svg) => {
    // Stale? `node --import tsx test/bench/readme.ts` rewrites the page's tables and its charts.
    expect(readFileSync(`${ROOT}docs/charts/${name}`, 'utf8')).toBe(svg);
    expect(page).toContain(`](charts/${name})`);
  });

  it('plot every setup measured at more than one rate or size, one point per measurement', () => {
    const [push, fanout] = charts.map(([, svg]) => svg);
    const rates = results.push.rows.filter((row) => row.setup.startsWith('gateway') && row.links > 1);
    expect(push!.match(/<circle cx=/g)).toHaveLength(rates.length);
    expect(fanout!.match(/<circle cx=/g)).toHaveLength(
      results.fanout.filter(
        (row) =>
          results.fanout.filter((other) => other.setup === row.setup && other.transport === row.transport)
            .length > 1,
      ).length,
    );
    expect(push).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });
});
