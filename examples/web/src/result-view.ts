/**
 * The result: owner card, income figures, the chart with its table, and the employers table.
 * Rendered from scratch from one LinkData each time, so a live addition followed by a re-read can
 * never leave a row twice.
 */
import { employerKey, employersOf, renderChart, renderLegend } from './chart.js';
import { byId, el } from './dom.js';
import { formatMoney, formatMonth } from './format.js';
import type { Employment, LinkData, Owner } from './operations.js';

const dash = '—';

function details(list: HTMLElement, entries: Array<[string, string | Node]>): void {
  list.replaceChildren(...entries.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
}

function renderOwner(owners: Array<Owner | null>): void {
  const owner = owners.find((candidate): candidate is Owner => candidate !== null);
  if (!owner) {
    details(byId('owner-details'), [
      ['Owner', owners.length > 0 ? 'Belvo sent a record that could not be read' : 'Not received'],
    ]);
    return;
  }
  const document = owner.documentId
    ? `${owner.documentId.documentType ?? ''} ${owner.documentId.documentNumber ?? ''}`.trim()
    : '';
  details(byId('owner-details'), [
    ['Name', owner.displayName ?? dash],
    ['Document', document || dash],
    ['Email', owner.email ?? dash],
    ['Phone', owner.phoneNumber ?? dash],
    ['Address', owner.address ?? dash],
  ]);
}

function renderSummary(link: LinkData): string {
  const profile = link.incomeProfile;
  const window = profile.monthly.length;
  const gaps =
    profile.gaps.length === 0
      ? 'None'
      : el(
          'ul',
          { class: 'plain' },
          ...profile.gaps.map((gap) =>
            el(
              'li',
              {},
              gap.months === 1
                ? `${formatMonth(gap.from)} (1 month)`
                : `${formatMonth(gap.from)} to ${formatMonth(gap.to)} (${gap.months} months)`,
            ),
          ),
        );
  const current = link.employments
    .filter((employment): employment is Employment => !!employment)
    .filter((employment) => profile.currentEmployments.some((entry) => entry.id === employment.id))
    .map((employment) => employment.employerData?.name ?? 'Unnamed employer');
  details(byId('summary-details'), [
    ['Latest month reported', formatMonth(profile.asOfMonth)],
    [
      'Average monthly gross',
      profile.averageMonthlyGross ? formatMoney(profile.averageMonthlyGross.amount) : dash,
    ],
    [
      'Median monthly gross',
      profile.medianMonthlyGross ? formatMoney(profile.medianMonthlyGross.amount) : dash,
    ],
    ['Months with income', `${profile.monthsWithIncome} of ${window}`],
    ['Current employers', current.length > 0 ? current.join(', ') : 'None'],
    ['Gaps without income', gaps],
    ...(profile.complete
      ? []
      : ([['Note', 'Some records Belvo sent could not be read: the figures cover the rest.']] as Array<
          [string, string]
        >)),
  ]);
  const average = profile.averageMonthlyGross ? formatMoney(profile.averageMonthlyGross.amount) : 'no';
  return `${window} months to ${formatMonth(profile.asOfMonth)}: ${profile.monthsWithIncome} with income, average ${average} a month, from ${employersOf(profile.monthly).length} employers. The table below has every figure.`;
}

function renderIncome(link: LinkData, summary: string): void {
  const monthly = link.incomeProfile.monthly;
  const employers = employersOf(monthly);
  const chart = byId('chart');
  if (monthly.length === 0) {
    chart.replaceChildren(el('p', {}, 'No salary rows yet: nothing to chart.'));
    byId('legend').replaceChildren();
    byId('income-table').replaceChildren();
    return;
  }
  chart.replaceChildren(renderChart(monthly, employers, summary));
  byId('legend').replaceChildren(...renderLegend(employers));
  const head = el(
    'tr',
    {},
    el('th', { scope: 'col' }, 'Month'),
    ...employers.map((employer) => el('th', { scope: 'col', class: 'number' }, employer.name)),
    el('th', { scope: 'col', class: 'number' }, 'Total'),
  );
  const rows = monthly.map((month) => {
    const byEmployer = new Map(month.sources.map((source) => [employerKey(source), source]));
    return el(
      'tr',
      {},
      el('th', { scope: 'row' }, formatMonth(month.month)),
      ...employers.map((employer) => {
        const source = byEmployer.get(employer.key);
        return el('td', { class: 'number' }, source ? formatMoney(source.gross.amount) : dash);
      }),
      el('td', { class: 'number' }, formatMoney(month.gross.amount)),
    );
  });
  byId('income-table').replaceChildren(
    el(
      'table',
      {},
      el('caption', {}, 'Gross income by month and employer'),
      el('thead', {}, head),
      el('tbody', {}, ...rows),
    ),
  );
}

function renderEmployers(link: LinkData, fresh: ReadonlySet<string>): void {
  const current = new Set(link.incomeProfile.currentEmployments.map((entry) => entry.id));
  const rows = link.employments.map((employment) => {
    if (!employment) {
      return el('tr', {}, el('td', { colspan: '6' }, 'A record Belvo sent could not be read.'));
    }
    const employer = employment.employerData;
    const latest = employment.salaryAndBenefitDetails?.find((row) => row.month);
    const name = el('th', { scope: 'row' }, employer?.name ?? 'Unnamed employer');
    if (fresh.has(employment.id)) name.append(' ', el('span', { class: 'badge' }, 'New'));
    return el(
      'tr',
      { 'data-employment-id': employment.id },
      name,
      el('td', {}, `${employer?.idTypeRaw ?? ''} ${employer?.idNumber ?? ''}`.trim() || dash),
      el('td', { class: 'number' }, employer?.tenureMonths == null ? dash : String(employer.tenureMonths)),
      el('td', {}, formatMonth(latest?.month)),
      el('td', { class: 'number' }, latest?.gross == null ? dash : formatMoney(latest.gross.amount)),
      el('td', {}, current.has(employment.id) ? 'Yes' : 'No'),
    );
  });
  const body = byId<HTMLTableElement>('employers-table').tBodies[0]!;
  body.replaceChildren(
    ...(rows.length > 0 ? rows : [el('tr', {}, el('td', { colspan: '6' }, 'No employers found in PILA.'))]),
  );
}

/** Fills the result panel; `fresh` marks the employment records that arrived live. */
export function renderResult(link: LinkData, fresh: ReadonlySet<string> = new Set()): void {
  renderOwner(link.owners);
  const summary = renderSummary(link);
  renderIncome(link, summary);
  renderEmployers(link, fresh);
}
