import { DateTimeResolver, LocalDateResolver, UUIDResolver } from 'graphql-scalars';

/** The scalars the schema uses, named once so every file agrees. */
export const DateTime = DateTimeResolver;
export const UUID = UUIDResolver;
/** A calendar date, `YYYY-MM-DD`. */
export const LocalDate = LocalDateResolver;
