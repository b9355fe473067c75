import { Field, ObjectType } from 'type-graphql';
import { format, type DecimalValue } from './decimal.js';
import { Decimal } from './scalars.js';

/** PILA reports contributions in Colombian pesos only. */
export const COLOMBIAN_PESO = 'COP';

@ObjectType({
  description:
    'An amount of money: an exact decimal and its currency. Compare and add amounts as decimals, never as floats.',
})
export class Money {
  @Field(() => Decimal, { description: 'The amount, exact, e.g. `3500000` or `1234.5`.' })
  amount!: string;

  @Field(() => String, {
    description: 'ISO 4217 currency code; `COP` (Colombian pesos) for everything PILA reports.',
  })
  currency!: string;
}

export const pesos = (value: DecimalValue): Money => ({ amount: format(value), currency: COLOMBIAN_PESO });
