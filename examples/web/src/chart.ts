/**
 * The 24-month income chart: one bar per month, stacked by employer, drawn as plain SVG (no chart
 * library to download or keep up to date). A screen reader gets the chart's summary as its name and
 * the same figures as a table beside it (income-table.ts).
 */
import { svg, el } from './dom.js';
import { formatMoney, formatMoneyShort, formatMonth, formatMonthTick } from './format.js';
import type { IncomeSource, MonthlyIncome } from './operations.js';

/** Okabe–Ito colours: told apart with the common colour-vision deficiencies. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#7A6A00', '#000000'];

export interface Employer {
  key: string;
  name: string;
  colour: string;
}

/** Employers are told apart as the gateway tells them apart: id type and number (docs/income.md). */
export const employerKey = (source: IncomeSource) =>
  source.employerIdNumber
    ? `${source.employerIdTypeRaw ?? ''}:${source.employerIdNumber}`
    : `name:${source.employerName ?? '?'}`;

/** Every employer of the window, in order of first appearance, each with its colour. */
export function employersOf(monthly: MonthlyIncome[]): Employer[] {
  const found = new Map<string, Employer>();
  for (const month of monthly) {
    for (const source of month.sources) {
      const key = employerKey(source);
      if (!found.has(key)) {
        found.set(key, {
          key,
          name: source.employerName ?? 'Unnamed employer',
          colour: PALETTE[found.size % PALETTE.length]!,
        });
      }
    }
  }
  return [...found.values()];
}

const WIDTH = 760;
const HEIGHT = 300;
const MARGIN = { top: 12, right: 8, bottom: 40, left: 76 };

/** A top for the axis whose four steps are round numbers, just above the highest month. */
function niceMax(value: number): number {
  if (value <= 0) return 4_000_000;
  const quarter = value / 4;
  const power = 10 ** Math.floor(Math.log10(quarter));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10])
    if (step * power >= quarter) return 4 * step * power;
  return 40 * power;
}

export function renderChart(monthly: MonthlyIncome[], employers: Employer[], summary: string): SVGElement {
  const colourOf = new Map(employers.map((employer) => [employer.key, employer.colour]));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const top = niceMax(Math.max(0, ...monthly.map((month) => Number(month.gross.amount))));
  const y = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const band = plotWidth / Math.max(1, monthly.length);

  const chart = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: 'img',
    'aria-labelledby': 'chart-title chart-desc',
    class: 'chart',
  });
  chart.append(
    svg('title', { id: 'chart-title' }, 'Monthly gross income by employer'),
    svg('desc', { id: 'chart-desc' }, summary),
  );

  for (let tick = 0; tick <= 4; tick++) {
    const value = (top / 4) * tick;
    chart.append(
      svg('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(value), y2: y(value), class: 'grid' }),
      svg(
        'text',
        { x: MARGIN.left - 8, y: y(value) + 4, class: 'axis', 'text-anchor': 'end' },
        formatMoneyShort(value),
      ),
    );
  }

  let labelledYear = '';
  monthly.forEach((month, index) => {
    const x = MARGIN.left + index * band + band * 0.15;
    let base = 0;
    const bar = svg('g', { class: 'bar', 'data-month': month.month });
    for (const source of month.sources) {
      const value = Number(source.gross.amount);
      if (value <= 0) continue;
      bar.append(
        svg(
          'rect',
          {
            x,
            y: y(base + value),
            width: band * 0.7,
            height: Math.max(0.5, y(base) - y(base + value)),
            fill: colourOf.get(employerKey(source)) ?? '#666',
            class: 'segment',
          },
          svg(
            'title',
            {},
            `${formatMonth(month.month)} · ${source.employerName ?? 'Unnamed employer'}: ${formatMoney(source.gross.amount)}`,
          ),
        ),
      );
      base += value;
    }
    chart.append(bar);
    // Every third month from the newest, so the latest month always has its label.
    if ((monthly.length - 1 - index) % 3 === 0) {
      const year = month.month.slice(0, 4);
      chart.append(
        svg(
          'text',
          { x: x + band * 0.35, y: HEIGHT - MARGIN.bottom + 18, class: 'axis', 'text-anchor': 'middle' },
          formatMonthTick(month.month, year !== labelledYear),
        ),
      );
      labelledYear = year;
    }
  });
  chart.append(
    svg('line', {
      x1: MARGIN.left,
      x2: WIDTH - MARGIN.right,
      y1: y(0),
      y2: y(0),
      class: 'baseline',
    }),
  );
  return chart;
}

export function renderLegend(employers: Employer[]): HTMLElement[] {
  return employers.map((employer) =>
    el(
      'li',
      {},
      el('span', { class: `swatch swatch-${PALETTE.indexOf(employer.colour)}`, 'aria-hidden': 'true' }),
      employer.name,
    ),
  );
}
