import { randomUUID } from 'node:crypto';

/*
 * People whose salary rows are written out by hand, with the income figures worked out by hand
 * (the sums are in the comments). The records are Belvo's JSON as the simulator would serve it,
 * so the same people go through the pure computation and through the gateway.
 */

type Json = Record<string, unknown>;

/** A month's PILA row as Belvo sends it; amounts are JSON numbers (or anything, for a bad row). */
const row = (month: unknown, gross: unknown, net: unknown, statusChanges: string[] = []): Json => ({
  month,
  gross_amount: gross,
  net_amount: net,
  employment_type: 'SALARIED',
  employment_type_additional_info: null,
  parafiscal_contribution: true,
  salary_comprehensive: false,
  salary_type: 'FIXED',
  pension_fund_name: 'Porvenir',
  healthcare_provider_name: 'Sura EPS',
  status_changes: statusChanges,
});

const employer = (idType: string, idNumber: number, name: string): Json => ({
  name,
  id_type: idType,
  id_number: idNumber,
  economic_activity_code: 1410,
  economic_activity_code_description: 'Confección de prendas de vestir',
  contributor_class_code: 'A',
  contributor_class_code_description: 'Aportante con 200 o más cotizantes',
  contributor_type_code: 1,
  contributor_type_description: 'Dependiente',
  tenure: 12,
});

/** One employment record of `linkId`; rows newest first, as Belvo lists them. */
const record = (linkId: string, employerData: Json, rows: unknown[]): Json => ({
  id: randomUUID(),
  link: linkId,
  created_at: '2026-01-10T12:00:00.000Z',
  collected_at: '2026-01-10T11:59:58.000Z',
  employer_data: employerData,
  salary_and_benefit_details: rows,
});

/** Rows of `months` (newest first) with the same amounts. */
const same = (months: string[], gross: number, net: number) => months.map((month) => row(month, gross, net));

const TEXTILES = employer('NIT', 8_001_234_567, 'Textiles del Valle S.A.S.');
const LOGISTICA = employer('NIT', 8_009_876_543, 'Logística Andina S.A.');
const CONSULTORA = employer('CC', 52_123_456, 'Consultora Ruiz');
const PANADERIA = employer('NIT', 8_001_112_223, 'Panadería La Espiga');
const FERRETERIA = employer('NIT', 8_004_445_556, 'Ferretería El Tornillo');
const HOSPITAL = employer('NIT', 8_007_778_889, 'Hospital San Rafael');
const COLEGIO = employer('NIT', 8_003_334_445, 'Colegio Los Andes');

/** A source of a month as the tests compare it: the employer's number, its records by index. */
export interface ExpectedSource {
  employer: string;
  records: number[];
  gross: string;
  net: string;
}

export interface ExpectedProfile {
  asOfMonth: string | null;
  monthly: Array<{ month: string; gross: string; net: string; sources: ExpectedSource[] }>;
  averageMonthlyGross: string | null;
  medianMonthlyGross: string | null;
  monthsWithIncome: number;
  currentEmployments: number[];
  gaps: Array<{ from: string; to: string; months: number }>;
  complete: boolean;
  /** Indexes of the records that are malformed: null in `employments`, with an error there. */
  malformed: number[];
}

export interface Person {
  /** What the person shows, for the test's name. */
  story: string;
  /** A cédula the simulator links without failing (its own data is replaced by `records`). */
  cedula: string;
  months: number;
  records: (linkId: string) => Json[];
  expected: ExpectedProfile;
}

const empty = (month: string) => ({ month, gross: '0', net: '0', sources: [] });

export const PEOPLE: Person[] = [
  {
    story: 'changed jobs with two months without income between, then took a second, contract job',
    cedula: '1010000001',
    months: 12,
    records: (linkId) => [
      // Left in April 2025 (FINAL_MONTH); November and December 2024 fall before the window.
      record(linkId, TEXTILES, [
        row('2025-04', 2_000_000, 1_840_000, ['FINAL_MONTH']),
        ...same(['2025-03', '2025-02', '2025-01', '2024-12', '2024-11'], 2_000_000, 1_840_000),
      ]),
      record(linkId, LOGISTICA, [
        ...same(['2025-12', '2025-11', '2025-10', '2025-09', '2025-08'], 3_500_000, 3_220_000),
        row('2025-07', 3_500_000, 3_220_000, ['FIRST_MONTH']),
      ]),
      // Two employers in November and December, with centavos that a float sum would get wrong.
      record(linkId, { ...CONSULTORA, contributor_type_code: 59 }, [
        row('2025-12', 800_000.2, 736_000.2),
        row('2025-11', 1_200_000.1, 1_104_000.1),
      ]),
    ],
    expected: {
      asOfMonth: '2025-12',
      monthly: [
        ...['2025-01', '2025-02', '2025-03', '2025-04'].map((month) => ({
          month,
          gross: '2000000',
          net: '1840000',
          sources: [{ employer: '8001234567', records: [0], gross: '2000000', net: '1840000' }],
        })),
        empty('2025-05'),
        empty('2025-06'),
        ...['2025-07', '2025-08', '2025-09', '2025-10'].map((month) => ({
          month,
          gross: '3500000',
          net: '3220000',
          sources: [{ employer: '8009876543', records: [1], gross: '3500000', net: '3220000' }],
        })),
        {
          month: '2025-11',
          gross: '4700000.1', // 3 500 000 + 1 200 000.1
          net: '4324000.1', // 3 220 000 + 1 104 000.1
          sources: [
            { employer: '8009876543', records: [1], gross: '3500000', net: '3220000' },
            { employer: '52123456', records: [2], gross: '1200000.1', net: '1104000.1' },
          ],
        },
        {
          month: '2025-12',
          gross: '4300000.2', // 3 500 000 + 800 000.2
          net: '3956000.2', // 3 220 000 + 736 000.2
          sources: [
            { employer: '8009876543', records: [1], gross: '3500000', net: '3220000' },
            { employer: '52123456', records: [2], gross: '800000.2', net: '736000.2' },
          ],
        },
      ],
      // (4 × 2 000 000 + 4 × 3 500 000 + 4 700 000.1 + 4 300 000.2) / 12 = 31 000 000.3 / 12 = 2 583 333.358…
      averageMonthlyGross: '2583333.36',
      // Sorted: 0, 0, 2 000 000 × 4, 3 500 000 × 4, 4 300 000.2, 4 700 000.1: (2 000 000 + 3 500 000) / 2.
      medianMonthlyGross: '2750000',
      monthsWithIncome: 10,
      currentEmployments: [1, 2],
      gaps: [{ from: '2025-05', to: '2025-06', months: 2 }],
      complete: true,
      malformed: [],
    },
  },
  {
    story: 'left one employer in the last month PILA reported and started with another that month',
    cedula: '1010000002',
    months: 3,
    records: (linkId) => [
      record(linkId, PANADERIA, [
        row('2025-06', 1_500_000, 1_380_000, ['FINAL_MONTH']),
        ...same(['2025-05', '2025-04', '2025-03'], 1_500_000, 1_380_000),
      ]),
      record(linkId, FERRETERIA, [row('2025-06', 1_000_000, 920_000, ['FIRST_MONTH'])]),
    ],
    expected: {
      asOfMonth: '2025-06',
      monthly: [
        ...['2025-04', '2025-05'].map((month) => ({
          month,
          gross: '1500000',
          net: '1380000',
          sources: [{ employer: '8001112223', records: [0], gross: '1500000', net: '1380000' }],
        })),
        {
          month: '2025-06',
          gross: '2500000',
          net: '2300000',
          sources: [
            { employer: '8001112223', records: [0], gross: '1500000', net: '1380000' },
            { employer: '8004445556', records: [1], gross: '1000000', net: '920000' },
          ],
        },
      ],
      averageMonthlyGross: '1833333.33', // 5 500 000 / 3
      medianMonthlyGross: '1500000',
      monthsWithIncome: 3,
      // The bakery paid in June but reported FINAL_MONTH: the person left it.
      currentEmployments: [1],
      gaps: [],
      complete: true,
      malformed: [],
    },
  },
  {
    story: 'one employer split over two records, with null rows, and a month before the first job',
    cedula: '1010000003',
    months: 3,
    records: (linkId) => [
      record(linkId, HOSPITAL, [
        row('2025-03', 2_800_000, 2_576_000),
        null,
        row('2025-02', 2_800_000, 2_576_000),
      ]),
      // The same NIT: a bonus in March, on a record of its own.
      record(linkId, HOSPITAL, [row('2025-03', 400_000, 368_000), null]),
    ],
    expected: {
      asOfMonth: '2025-03',
      monthly: [
        empty('2025-01'),
        {
          month: '2025-02',
          gross: '2800000',
          net: '2576000',
          sources: [{ employer: '8007778889', records: [0], gross: '2800000', net: '2576000' }],
        },
        {
          month: '2025-03',
          gross: '3200000',
          net: '2944000',
          sources: [{ employer: '8007778889', records: [0, 1], gross: '3200000', net: '2944000' }],
        },
      ],
      averageMonthlyGross: '2000000', // 6 000 000 / 3
      medianMonthlyGross: '2800000', // 0, 2 800 000, 3 200 000
      monthsWithIncome: 2,
      currentEmployments: [0, 1],
      gaps: [{ from: '2025-01', to: '2025-01', months: 1 }],
      complete: true,
      malformed: [],
    },
  },
  {
    story: 'a malformed record, a row without amounts and a row with an impossible month',
    cedula: '1010000004',
    months: 3,
    records: (linkId) => [
      record(linkId, COLEGIO, [
        row('2025-05', 2_100_000, 1_932_000),
        row('2025-04', null, null),
        row('2025-13', 999_999, 999_999),
        row('2025-03', 2_100_000, 1_932_000),
      ]),
      // An amount as a string: the whole record fails Belvo's schema and counts nowhere.
      record(linkId, LOGISTICA, [row('2025-05', '2500000', '2300000')]),
    ],
    expected: {
      asOfMonth: '2025-05',
      monthly: [
        {
          month: '2025-03',
          gross: '2100000',
          net: '1932000',
          sources: [{ employer: '8003334445', records: [0], gross: '2100000', net: '1932000' }],
        },
        // The row is there (the employer reported the month) but says no amount.
        {
          month: '2025-04',
          gross: '0',
          net: '0',
          sources: [{ employer: '8003334445', records: [0], gross: '0', net: '0' }],
        },
        {
          month: '2025-05',
          gross: '2100000',
          net: '1932000',
          sources: [{ employer: '8003334445', records: [0], gross: '2100000', net: '1932000' }],
        },
      ],
      averageMonthlyGross: '1400000', // 4 200 000 / 3
      medianMonthlyGross: '2100000',
      monthsWithIncome: 2,
      currentEmployments: [0],
      gaps: [{ from: '2025-04', to: '2025-04', months: 1 }],
      complete: false,
      malformed: [1],
    },
  },
  {
    story: 'has no employment records',
    cedula: '1010000005',
    months: 12,
    records: () => [],
    expected: {
      asOfMonth: null,
      monthly: [],
      averageMonthlyGross: null,
      medianMonthlyGross: null,
      monthsWithIncome: 0,
      currentEmployments: [],
      gaps: [],
      complete: true,
      malformed: [],
    },
  },
];

/** The parts of an income profile the expectations speak of, as GraphQL or the pure function gives them. */
interface ProfileLike {
  asOfMonth: string | null;
  monthly: ReadonlyArray<{
    month: string;
    gross: { amount: string; currency: string };
    net: { amount: string; currency: string };
    sources: ReadonlyArray<{
      employerIdNumber: string | null;
      employments: ReadonlyArray<{ id: string }>;
      gross: { amount: string; currency: string };
      net: { amount: string; currency: string };
    }>;
  }>;
  averageMonthlyGross: { amount: string; currency: string } | null;
  medianMonthlyGross: { amount: string; currency: string } | null;
  monthsWithIncome: number;
  currentEmployments: ReadonlyArray<{ id: string }>;
  gaps: ReadonlyArray<{ from: string; to: string; months: number }>;
  complete: boolean;
  employments: ReadonlyArray<{ id: string } | null | Error>;
}

/**
 * A profile in the expectations' terms: records by their index in `ids` (the records' ids in
 * Belvo's order), amounts as their text, and every currency checked to be COP on the way.
 */
export function asExpected(profile: ProfileLike, ids: readonly string[]): ExpectedProfile {
  const index = (employment: { id: string }) => ids.indexOf(employment.id);
  const amount = (money: { amount: string; currency: string }) => {
    if (money.currency !== 'COP') throw new Error(`currency ${money.currency}`);
    return money.amount;
  };
  return {
    asOfMonth: profile.asOfMonth,
    monthly: profile.monthly.map((month) => ({
      month: month.month,
      gross: amount(month.gross),
      net: amount(month.net),
      sources: month.sources.map((source) => ({
        employer: source.employerIdNumber ?? '',
        records: source.employments.map(index),
        gross: amount(source.gross),
        net: amount(source.net),
      })),
    })),
    averageMonthlyGross: profile.averageMonthlyGross && amount(profile.averageMonthlyGross),
    medianMonthlyGross: profile.medianMonthlyGross && amount(profile.medianMonthlyGross),
    monthsWithIncome: profile.monthsWithIncome,
    currentEmployments: profile.currentEmployments.map(index),
    gaps: profile.gaps.map(({ from, to, months }) => ({ from, to, months })),
    complete: profile.complete,
    malformed: profile.employments.flatMap((item, at) =>
      item === null || item instanceof Error ? [at] : [],
    ),
  };
}
