import { registerEnumType } from 'type-graphql';

export enum EmployerIdType {
  NIT = 'NIT',
  CE = 'CE',
  CC = 'CC',
  PASSPORT = 'PASSPORT',
}

export enum EmploymentType {
  SALARIED = 'SALARIED',
  CONTRACTUAL = 'CONTRACTUAL',
  PENSIONED = 'PENSIONED',
}

export enum SalaryType {
  FIXED = 'FIXED',
  VARIABLE = 'VARIABLE',
}

export enum StatusChange {
  FIRST_MONTH = 'FIRST_MONTH',
  FINAL_MONTH = 'FINAL_MONTH',
  ON_LEAVE = 'ON_LEAVE',
  RETIREMENT_MONTH = 'RETIREMENT_MONTH',
  ON_VACATION = 'ON_VACATION',
  PERMANENT_SALARY_CHANGE = 'PERMANENT_SALARY_CHANGE',
  TEMPORARY_SALARY_CHANGE = 'TEMPORARY_SALARY_CHANGE',
}

registerEnumType(EmployerIdType, {
  name: 'EmployerIdType',
  description: 'Kind of the employer identification number.',
  valuesConfig: {
    NIT: { description: 'Número de Identificación Tributaria (companies).' },
    CE: { description: 'Cédula de Extranjería.' },
    CC: { description: 'Cédula de Ciudadanía (a person as employer).' },
    PASSPORT: { description: 'Passport.' },
  },
});

registerEnumType(EmploymentType, {
  name: 'EmploymentType',
  description: 'How the person was engaged that month.',
  valuesConfig: {
    SALARIED: { description: 'Employee on payroll.' },
    CONTRACTUAL: { description: 'Independent contractor (prestación de servicios).' },
    PENSIONED: { description: 'Receiving a pension.' },
  },
});

registerEnumType(SalaryType, {
  name: 'SalaryType',
  description: 'Whether the salary is fixed or varies month to month.',
  valuesConfig: {
    FIXED: { description: 'Fixed monthly salary.' },
    VARIABLE: { description: 'Variable pay.' },
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
  },
});
