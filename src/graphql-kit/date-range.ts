import { Field, InputType } from 'type-graphql';
import { LocalDate } from './scalars.js';

@InputType({ description: 'An inclusive range of calendar days (both ends included), e.g. for `createdAt`.' })
export class DateRange {
  @Field(() => LocalDate, { description: 'First day included, `YYYY-MM-DD`.' })
  from!: string;

  @Field(() => LocalDate, { description: 'Last day included, `YYYY-MM-DD`.' })
  to!: string;
}

/** Belvo's `__range` operator value. */
export const rangeParam = (range: DateRange): [string, string] => [range.from, range.to];

/**
 * The same day-granular test Belvo applies to `created_at__range`, for data already in hand. A
 * record without a timestamp (Belvo may null it) matches no range.
 */
export const inRange = (timestamp: string | null, range: DateRange | undefined | null): boolean =>
  !range ||
  (timestamp !== null && timestamp.slice(0, 10) >= range.from && timestamp.slice(0, 10) <= range.to);
