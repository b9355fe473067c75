import { createHash } from 'node:crypto';
import type {
  BelvoEmployerData,
  BelvoOwner,
  BelvoSalaryRow,
  EmployerIdType,
  StatusChange,
} from '../belvo/contract/types.js';
import {
  CITIES,
  CONTRIBUTOR_CLASSES,
  EMPLOYERS,
  FIRST_NAMES,
  HEALTH_PROVIDERS,
  LAST_NAMES,
  MINIMUM_WAGE_COP,
  PENSION_FUNDS,
  STREETS,
} from './catalog.js';
import { seededRandom, type Random } from './random.js';

/** What one employer contributes to an employment record, before ids and timestamps. */
export interface SyntheticEmployment {
  employer_data: BelvoEmployerData;
  salary_and_benefit_details: BelvoSalaryRow[];
}

export type SyntheticOwner = Omit<BelvoOwner, 'id' | 'link' | 'collected_at' | 'created_at'>;

const HISTORY_MONTHS = 24;

/** "YYYY-MM" for the month `back` months before the month of `now` (back = 1 is last month). */
export function monthBefore(now: Date, back: number): string {
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  return date.toISOString().slice(0, 7);
}

/** 1–4 employers over the last 24 months, the same for the same cédula and month. */
export function syntheticEmployments(cedula: string, now: Date): SyntheticEmployment[] {
  const random = seededRandom(`employments:${cedula}`);
  const count = random.int(1, 4);
  const employers = shuffled(random, EMPLOYERS).slice(0, count);
  // Cut the 24-month window into consecutive jobs, oldest first; the last job is current.
  const cuts = new Set<number>();
  while (cuts.size < count - 1) cuts.add(random.int(2, HISTORY_MONTHS - 2));
  const bounds = [0, ...[...cuts].sort((a, b) => a - b), HISTORY_MONTHS];
  return employers.map((employer, index) => {
    const start = bounds[index] as number;
    const end = bounds[index + 1] as number;
    const startedBeforeWindow = index === 0 && random.chance(0.6);
    const current = index === count - 1;
    return employment(random, employer, now, {
      firstMonthBack: HISTORY_MONTHS - start,
      months: end - start,
      startedBeforeWindow,
      current,
      extraTenure: startedBeforeWindow ? random.int(1, 60) : 0,
    });
  });
}

/** A new employer that shows up on a recurrent refresh: one or two fresh months. */
export function syntheticNewEmployment(cedula: string, sequence: number, now: Date): SyntheticEmployment {
  const random = seededRandom(`new-employment:${cedula}:${sequence}`);
  const months = random.int(1, 2);
  return employment(random, random.pick(EMPLOYERS), now, {
    firstMonthBack: months,
    months,
    startedBeforeWindow: false,
    current: true,
    extraTenure: 0,
  });
}

interface Span {
  /** How many months back the first row of this job is. */
  firstMonthBack: number;
  months: number;
  startedBeforeWindow: boolean;
  current: boolean;
  extraTenure: number;
}

/** What a job pays and through whom, drawn once per job. */
interface Job {
  contractual: boolean;
  /** The monthly gross at the start; raises change it month by month. */
  gross: number;
  pensionFund: string;
  healthProvider: string;
  /** The month index of a retirement during this job, or -1. */
  retiredAt: number;
}

function employment(
  random: Random,
  employer: (typeof EMPLOYERS)[number],
  now: Date,
  span: Span,
): SyntheticEmployment {
  const contractual = random.chance(0.2);
  const contributorClass = contractual
    ? CONTRIBUTOR_CLASSES.INDEPENDENT
    : random.pick([CONTRIBUTOR_CLASSES.LARGE, CONTRIBUTOR_CLASSES.SMALL]);
  const gross = Math.round((MINIMUM_WAGE_COP * (1 + random.next() * 7)) / 1000) * 1000;
  const pensionFund = random.pick(PENSION_FUNDS);
  const healthProvider = random.pick(HEALTH_PROVIDERS);
  // A stream of its own for the rarer documented values, so the common ones stay as they were.
  const variety = seededRandom(`variety:${employer.name}:${span.firstMonthBack}:${span.months}:${gross}`);
  const idType: EmployerIdType = variety.chance(0.75)
    ? 'NIT'
    : variety.pick(['CC', 'CE', 'PASSPORT'] as const);
  // Some people retire during a job: that month is marked, and the rows after it are a pension.
  const retiredAt =
    !contractual && span.months >= 3 && variety.chance(0.2) ? variety.int(1, span.months - 2) : -1;
  const job: Job = { contractual, gross, pensionFund, healthProvider, retiredAt };
  return {
    employer_data: {
      name: employer.name,
      id_type: idType,
      id_number: nitFor(employer.name),
      economic_activity_code: employer.activity,
      economic_activity_code_description: employer.description,
      contributor_class_code: contributorClass.code,
      contributor_class_code_description: contributorClass.description,
      contributor_type_code: contractual ? 59 : 1,
      contributor_type_description: contractual
        ? 'Independiente con contrato de prestación de servicios'
        : 'Dependiente',
      tenure: span.months + span.extraTenure,
    },
    // Newest month first, as Belvo returns them.
    salary_and_benefit_details: salaryRows(random, variety, now, span, job).reverse(),
  };
}

/** One row per month of the job, oldest first, with raises, leaves and a retirement on the way. */
function salaryRows(random: Random, variety: Random, now: Date, span: Span, job: Job): BelvoSalaryRow[] {
  const rows: BelvoSalaryRow[] = [];
  let gross = job.gross;
  for (let i = 0; i < span.months; i++) {
    const statusChanges: StatusChange[] = [];
    if (i === 0 && !span.startedBeforeWindow) statusChanges.push('FIRST_MONTH');
    if (i === span.months - 1 && !span.current) statusChanges.push('FINAL_MONTH');
    if (i > 0 && random.chance(0.08)) {
      gross = Math.round((gross * (1.05 + random.next() * 0.07)) / 1000) * 1000;
      statusChanges.push('PERMANENT_SALARY_CHANGE');
    }
    if (random.chance(0.06)) statusChanges.push('ON_VACATION');
    if (variety.chance(0.05)) statusChanges.push('ON_LEAVE');
    if (variety.chance(0.05)) statusChanges.push('TEMPORARY_SALARY_CHANGE');
    if (i === job.retiredAt) statusChanges.push('RETIREMENT_MONTH');
    const monthGross = job.contractual
      ? Math.round((gross * (0.85 + random.next() * 0.3)) / 1000) * 1000
      : gross;
    const pensioned = job.retiredAt >= 0 && i > job.retiredAt;
    rows.push(
      salaryRow(monthBefore(now, span.firstMonthBack - i), monthGross, pensioned, job, statusChanges),
    );
  }
  return rows;
}

function salaryRow(
  month: string,
  gross: number,
  pensioned: boolean,
  job: Job,
  statusChanges: StatusChange[],
): BelvoSalaryRow {
  const { contractual } = job;
  return {
    month,
    gross_amount: gross,
    // Employees pay 4 % health and 4 % pension out of gross pay.
    net_amount: Math.round(gross * 0.92),
    employment_type: pensioned ? 'PENSIONED' : contractual ? 'CONTRACTUAL' : 'SALARIED',
    employment_type_additional_info: pensioned
      ? 'Pensión de vejez'
      : contractual
        ? 'Contrato de prestación de servicios'
        : null,
    parafiscal_contribution: !contractual,
    // "Salario integral" is only lawful from 13 minimum wages up.
    salary_comprehensive: gross >= 13 * MINIMUM_WAGE_COP,
    salary_type: contractual ? 'VARIABLE' : 'FIXED',
    pension_fund_name: job.pensionFund,
    healthcare_provider_name: job.healthProvider,
    status_changes: statusChanges,
  };
}

/** A ten-digit NIT (nine digits plus check digit) — always above 2^32, which is the point. */
function nitFor(name: string): number {
  const digest = createHash('sha256').update(name).digest().readUInt32LE(0);
  return 8_000_000_000 + (digest % 1_999_999_999);
}

export function syntheticOwner(cedula: string): SyntheticOwner {
  const random = seededRandom(`owner:${cedula}`);
  const firstName = random.pick(FIRST_NAMES);
  const lastName = random.pick(LAST_NAMES);
  const secondLastName = random.pick(LAST_NAMES);
  const city = random.pick(CITIES);
  const emailName = `${firstName.split(' ')[0]}.${lastName}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return {
    internal_identification: `CC-${cedula}`,
    display_name: `${firstName} ${lastName} ${secondLastName}`,
    email: `${emailName}${random.int(1, 99)}@example.com`,
    phone_number: `+57 3${random.int(0, 2)}${random.int(0, 9)} ${random.int(100, 999)} ${random.int(1000, 9999)}`,
    address: `${random.pick(STREETS)} ${random.int(1, 150)} # ${random.int(1, 99)}-${random.int(1, 99)}, ${city}`,
    document_id: { document_type: 'CC', document_number: cedula },
    first_name: firstName,
    last_name: lastName,
    second_last_name: secondLastName,
    business_name: null,
  };
}

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
