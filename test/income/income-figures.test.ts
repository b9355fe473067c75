import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Item } from '../../src/belvo/client.js';
import { employmentSchema } from '../../src/belvo/contract/schemas.js';
import type { BelvoEmployment } from '../../src/belvo/contract/types.js';
import { checkItem } from '../../src/belvo/reading.js';
import { incomeProfile } from '../../src/resources/income/income-profile.js';
import { PEOPLE, asExpected } from './people.js';

/** Records as the Belvo client hands them on: each checked against the schema, a bad one an error. */
const read = (records: unknown[]): Array<Item<BelvoEmployment>> =>
  records.map((record, index) =>
    checkItem(employmentSchema, record, index, '/api/co/employments/', undefined),
  );

const idsOf = (records: Array<Record<string, unknown>>) => records.map((record) => String(record.id));

describe('the income profile, computed from employment records', () => {
  it.each(PEOPLE)('is worked out by hand for a person who $story', ({ records, months, expected }) => {
    const raw = records(randomUUID());
    expect(asExpected(incomeProfile(read(raw), months), idsOf(raw))).toEqual(expected);
  });

  const linkId = randomUUID();
  const job = (idNumber: number | null, rows: Array<[string, number]>) => ({
    id: randomUUID(),
    link: linkId,
    employer_data: { name: 'Empresa', id_type: idNumber === null ? null : 'NIT', id_number: idNumber },
    salary_and_benefit_details: rows.map(([month, gross]) => ({
      month,
      gross_amount: gross,
      net_amount: gross,
    })),
  });

  it('starts the window before the first row when the history is shorter, those months without income', () => {
    const profile = incomeProfile(
      read([
        job(900_100, [
          ['2024-02', 1_000_000],
          ['2024-01', 1_000_000],
        ]),
      ]),
      4,
    );
    expect(profile.monthly.map((month) => [month.month, month.gross.amount])).toEqual([
      ['2023-11', '0'],
      ['2023-12', '0'],
      ['2024-01', '1000000'],
      ['2024-02', '1000000'],
    ]);
    expect(profile.gaps).toEqual([{ from: '2023-11', to: '2023-12', months: 2 }]);
    expect(profile.averageMonthlyGross?.amount).toBe('500000'); // 2 000 000 / 4
    expect(profile.medianMonthlyGross?.amount).toBe('500000'); // (0 + 1 000 000) / 2
  });

  it('adds up two rows of one record in one month, and ends a gap at the last month', () => {
    const profile = incomeProfile(
      read([
        job(900_200, [
          ['2024-03', 0],
          ['2024-02', 700_000.1],
          ['2024-02', 300_000.2],
        ]),
      ]),
      2,
    );
    expect(profile.asOfMonth).toBe('2024-03');
    expect(profile.monthly[0]!.sources).toHaveLength(1);
    expect(profile.monthly[0]!.gross.amount).toBe('1000000.3');
    expect(profile.gaps).toEqual([{ from: '2024-03', to: '2024-03', months: 1 }]);
    // Paid nothing in the last month: not a current employment.
    expect(profile.currentEmployments).toEqual([]);
    expect(profile.medianMonthlyGross?.amount).toBe('500000.15');
  });

  it('keeps records without an employer id apart, and merges those with the same one', () => {
    const records = [
      job(null, [['2024-05', 100]]),
      job(null, [['2024-05', 200]]),
      job(900_300, [['2024-05', 300]]),
      job(900_300, [['2024-05', 400]]),
    ];
    const [month] = incomeProfile(read(records), 1).monthly;
    expect(
      month!.sources.map((source) => [
        source.employerIdNumber,
        source.gross.amount,
        source.employments.length,
      ]),
    ).toEqual([
      [null, '100', 1],
      [null, '200', 1],
      ['900300', '700', 2],
    ]);
    expect(month!.gross.amount).toBe('1000');
  });

  it('names the same Employment object in sources, current employments and the record list', () => {
    const profile = incomeProfile(read([job(900_400, [['2024-05', 100]])]), 1);
    expect(profile.monthly[0]!.sources[0]!.employments[0]).toBe(profile.employments[0]);
    expect(profile.currentEmployments[0]).toBe(profile.employments[0]);
  });

  it('leaves out, as unreadable, a row of a year before PILA', () => {
    const profile = incomeProfile(
      read([
        job(900_500, [
          ['2024-05', 100],
          ['0001-01', 100],
        ]),
      ]),
      24,
    );
    expect(profile.asOfMonth).toBe('2024-05');
    expect(profile.monthly[0]!.month).toBe('2022-06');
    expect(profile.complete).toBe(false);
    // Alone, such a row would have ended a window before year 0, which no YearMonth can name.
    const alone = incomeProfile(read([job(900_600, [['0001-01', 100]])]), 24);
    expect(alone.asOfMonth).toBeNull();
    expect(alone.monthly).toEqual([]);
  });

  it('leaves out, as unreadable, a row of a month still to come', () => {
    const today = new Date('2025-04-15T12:00:00Z');
    const profile = incomeProfile(
      read([
        job(900_700, [
          ['2025-01', 1_000_000.1],
          ['2025-02', 1_000_000.1],
          ['2025-03', 1_000_000.1],
          ['2025-04', 1_000_000.1],
          ['9999-12', 1],
        ]),
      ]),
      3,
      today,
    );
    // The month under way counts (PILA may already report it); a later one would move the window.
    expect(profile.asOfMonth).toBe('2025-04');
    expect(profile.monthsWithIncome).toBe(3);
    expect(profile.averageMonthlyGross?.amount).toBe('1000000.1');
    expect(profile.complete).toBe(false);
  });

  it('counts an employer once however Belvo cases or pads its id type', () => {
    const records = [job(900_800, [['2025-01', 100]]), job(900_800, [['2025-01', 50]])];
    records[1]!.employer_data.id_type = ' nit ';
    const profile = incomeProfile(read(records), 1, new Date('2025-02-01T00:00:00Z'));
    expect(profile.monthly[0]!.sources).toHaveLength(1);
    expect(profile.monthly[0]!.gross.amount).toBe('150');
  });
});
