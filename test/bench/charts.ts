/**
 * The benchmark's charts, as SVG written by hand (no charting dependency): line plots on
 * logarithmic axes, one line per setup, from a run's results. Deterministic — the same results give
 * the same bytes — so a test can tell a chart regenerated from latest.json from a stale one.
 */
import type { BenchResults } from './report.js';

export interface Series {
  name: string;
  points: Array<{ x: number; y: number; /** Drawn hollow and named in the legend. */ flagged?: boolean }>;
}

export interface Chart {
  title: string;
  subtitle: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** What a hollow point means, when some are. */
  flagNote?: string;
}

const WIDTH = 760;
const HEIGHT = 440;
const PLOT = { left: 70, right: 520, top: 64, bottom: 380 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const round = (value: number) => Number(value.toFixed(1));
const label = (value: number) => (value >= 1000 ? `${value / 1000}k`.replace('.0k', 'k') : String(value));

/** Ticks at 1, 2, 5 × 10^n covering [min, max]; on the decades only when that would be crowded. */
function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let decade = 10 ** Math.floor(Math.log10(min)); decade <= max * 10; decade *= 10) {
    for (const step of [1, 2, 5]) {
      const tick = decade * step;
      if (tick >= min && tick <= max) ticks.push(Number(tick.toPrecision(1)));
    }
  }
  return ticks.length > 8 ? ticks.filter((tick) => /^1/.test(String(tick))) : ticks;
}

/** A log axis from the data's range, padded to whole ticks. */
function logScale(values: number[], from: number, to: number) {
  const low = 10 ** Math.floor(Math.log10(Math.min(...values)));
  const high = 10 ** Math.ceil(Math.log10(Math.max(...values)));
  const position = (value: number) =>
    round(
      from + ((Math.log10(value) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))) * (to - from),
    );
  return { low, high, position };
}

export function renderChart(chart: Chart): string {
  const xs = chart.series.flatMap((series) => series.points.map((point) => point.x));
  const ys = chart.series.flatMap((series) => series.points.map((point) => point.y));
  const x = logScale(xs, PLOT.left, PLOT.right);
  const y = logScale(ys, PLOT.bottom, PLOT.top);
  const xTicks = [...new Set(xs)].sort((a, b) => a - b);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${PLOT.left}" y="24" font-size="16" font-weight="bold">${escape(chart.title)}</text>`,
    `<text x="${PLOT.left}" y="44" fill="#555555">${escape(chart.subtitle)}</text>`,
  ];
  for (const tick of logTicks(y.low, y.high)) {
    const at = y.position(tick);
    out.push(
      `<line x1="${PLOT.left}" y1="${at}" x2="${PLOT.right}" y2="${at}" stroke="#e5e5e5"/>`,
      `<text x="${PLOT.left - 6}" y="${at + 4}" text-anchor="end">${label(tick)}</text>`,
    );
  }
  for (const tick of xTicks) {
    const at = x.position(tick);
    out.push(
      `<line x1="${at}" y1="${PLOT.top}" x2="${at}" y2="${PLOT.bottom}" stroke="#f0f0f0"/>`,
      `<text x="${at}" y="${PLOT.bottom + 18}" text-anchor="middle">${label(tick)}</text>`,
    );
  }
  out.push(
    `<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.right - PLOT.left}" height="${PLOT.bottom - PLOT.top}" fill="none" stroke="#333333"/>`,
    `<text x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 42}" text-anchor="middle">${escape(chart.xLabel)}</text>`,
    `<text transform="translate(18 ${(PLOT.top + PLOT.bottom) / 2}) rotate(-90)" text-anchor="middle">${escape(chart.yLabel)}</text>`,
  );
  chart.series.forEach((series, index) => {
    const color = COLORS[index % COLORS.length]!;
    const points = [...series.points].sort((a, b) => a.x - b.x);
    const path = points.map((point) => `${x.position(point.x)},${y.position(point.y)}`).join(' ');
    out.push(`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const point of points) {
      out.push(
        `<circle cx="${x.position(point.x)}" cy="${y.position(point.y)}" r="4" fill="${point.flagged ? '#ffffff' : color}" stroke="${color}" stroke-width="2"><title>${escape(series.name)}: ${label(point.x)} → ${round(point.y)} ms</title></circle>`,
      );
    }
    const legendY = PLOT.top + 8 + index * 36;
    out.push(
      `<line x1="${PLOT.right + 16}" y1="${legendY}" x2="${PLOT.right + 40}" y2="${legendY}" stroke="${color}" stroke-width="2"/>`,
      ...wrap(series.name, 26).map(
        (line, row) => `<text x="${PLOT.right + 46}" y="${legendY + 4 + row * 14}">${escape(line)}</text>`,
      ),
    );
  });
  if (chart.flagNote) {
    const noteY = PLOT.top + 8 + chart.series.length * 36;
    out.push(
      `<circle class="legend" cx="${PLOT.right + 28}" cy="${noteY}" r="4" fill="#ffffff" stroke="#333333" stroke-width="2"/>`,
      ...wrap(chart.flagNote, 26).map(
        (line, row) => `<text x="${PLOT.right + 46}" y="${noteY + 4 + row * 14}">${escape(line)}</text>`,
      ),
    );
  }
  out.push('</svg>', '');
  return out.join('\n');
}

/** Words in lines of at most `width` characters, for the legend. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Push p99 against the webhook rate, per setup, from the realistic push section (no Belvo limit). */
export function pushLatencyChart(results: BenchResults): Chart {
  const groups = new Map<string, Series>();
  for (const row of results.push.rows) {
    if (!row.setup.startsWith('gateway') || row.links === 1) continue; // the broadcast is one point
    const name = `${row.setup.replace(/^gateway, /, '')}, ${row.transport}, ${label(row.links)} links`;
    const series = groups.get(name) ?? { name, points: [] };
    series.points.push({ x: row.rate, y: row.pushP99Ms.median, flagged: row.overloaded });
    groups.set(name, series);
  }
  const series = [...groups.values()].filter((group) => group.points.length > 1);
  return {
    title: 'Push latency against webhook rate',
    subtitle: `p99 from webhook to push, median of rounds; CPU only, no Belvo limit (${results.timestamp.slice(0, 10)})`,
    xLabel: 'webhooks per second',
    yLabel: 'push p99 (ms)',
    series,
    flagNote: series.some((group) => group.points.some((point) => point.flagged))
      ? 'hollow: overloaded (fell a second of webhooks behind)'
      : undefined,
  };
}

/** Fan-out p99 against the number of subscribers of one event, per setup and transport. */
export function fanoutChart(results: BenchResults): Chart {
  const groups = new Map<string, Series>();
  for (const row of results.fanout) {
    const name = `${row.setup}, ${row.transport}`;
    const series = groups.get(name) ?? { name, points: [] };
    series.points.push({ x: row.subscribers, y: row.p99Ms });
    groups.set(name, series);
  }
  return {
    title: 'Fan-out latency against subscribers',
    subtitle: `p99 from webhook POST to delivery, over every subscriber's pushes; CPU only (${results.timestamp.slice(0, 10)})`,
    xLabel: 'subscribers of one link',
    yLabel: 'fan-out p99 (ms)',
    series: [...groups.values()].filter((group) => group.points.length > 1),
  };
}

/** The charts docs/benchmarks.md shows, by file name under docs/charts/. */
export function benchCharts(results: BenchResults): Record<string, string> {
  return {
    'push-latency-by-rate.svg': renderChart(pushLatencyChart(results)),
    'fanout-by-subscribers.svg': renderChart(fanoutChart(results)),
  };
}
