import { registerEnumType } from 'type-graphql';
import {
  EMPLOYER_ID_TYPES,
  EMPLOYMENT_TYPES,
  SALARY_TYPES,
  STATUS_CHANGES,
} from '../../belvo/contract/schemas.js';
import { otherValue, sameNames, tolerantEnum } from '../../graphql-kit/tolerant-enum.js';

/* Belvo's documented values (belvo/schemas.ts) under their own names, plus OTHER for new ones. */

export const EmployerIdType = tolerantEnum(EMPLOYER_ID_TYPES, sameNames(EMPLOYER_ID_TYPES));
export type EmployerIdType = (typeof EmployerIdType)[keyof typeof EmployerIdType];

export const EmploymentType = tolerantEnum(EMPLOYMENT_TYPES, sameNames(EMPLOYMENT_TYPES));
export type EmploymentType = (typeof EmploymentType)[keyof typeof EmploymentType];

export const SalaryType = tolerantEnum(SALARY_TYPES, sameNames(SALARY_TYPES));
export type SalaryType = (typeof SalaryType)[keyof typeof SalaryType];

export const StatusChange = tolerantEnum(STATUS_CHANGES, sameNames(STATUS_CHANGES));
export type StatusChange = (typeof StatusChange)[keyof typeof StatusChange];

registerEnumType(EmployerIdType, {
  name: 'EmployerIdType',
  description: 'Kind of the employer identification number.',
  valuesConfig: {
    NIT: { description: 'Número de Identificación Tributaria (companies).' },
    CE: { description: 'Cédula de Extranjería.' },
    CC: { description: 'Cédula de Ciudadanía (a person as employer).' },
    PASSPORT: { description: 'Passport.' },
    OTHER: otherValue('idTypeRaw'),
  },
});

registerEnumType(EmploymentType, {
  name: 'EmploymentType',
  description: 'How the person was engaged that month.',
  valuesConfig: {
    SALARIED: { description: 'Employee on payroll.' },
    CONTRACTUAL: { description: 'Independent contractor (prestación de servicios).' },
    PENSIONED: { description: 'Receiving a pension.' },
    OTHER: otherValue('employmentTypeRaw'),
  },
});

registerEnumType(SalaryType, {
  name: 'SalaryType',
  description: 'Whether the salary is fixed or varies month to month.',
  valuesConfig: {
    FIXED: { description: 'Fixed monthly salary.' },
    VARIABLE: { description: 'Variable pay.' },
    OTHER: otherValue('salaryTypeRaw'),
  },
});

registerEnumType(StatusChange, {
  name: 'StatusChange',
  description: 'Events reported for the month (PILA novedades).',
  valuesConfig: {
    FIRST_MONTH: { description: 'First month with this employer.' },
    FINAL_MONTH: { description: 'Last month with this employer.' },
    ON_LEAVE: { description: 'On leave during the month.' },
    RETIREMENT_MONTH: { description: 'Retired this month.' },
    ON_VACATION: { description: 'On vacation during the month.' },
    PERMANENT_SALARY_CHANGE: { description: 'The salary changed permanently.' },
    TEMPORARY_SALARY_CHANGE: { description: 'The salary changed temporarily.' },
    OTHER: otherValue('statusChangesRaw'),
  },
});
