import { Field, InputType, Int } from 'type-graphql';
import { DateRange } from '../../graphql-kit/date-range.js';
import { AccessMode, FetchResource, LinkStatus } from './link.enums.js';

@InputType({ description: 'What Belvo needs to create a link for one person.' })
export class CreateLinkInput {
  @Field(() => String, {
    description:
      "The person's Cédula de Ciudadanía: 6 to 10 digits (0-9), no dots or spaces. Sent to Belvo only; never logged, cached or echoed back.",
  })
  cedula!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Your own reference: 3–256 characters of letters, digits, `_` or `-`. Must not contain personal data.',
  })
  externalId?: string | null;

  @Field(() => AccessMode, {
    defaultValue: AccessMode.SINGLE,
    description: 'Single extraction (default) or recurrent.',
  })
  accessMode!: AccessMode;

  @Field(() => [FetchResource], {
    defaultValue: [FetchResource.EMPLOYMENTS, FetchResource.OWNERS],
    description: 'What to extract; both by default.',
  })
  fetchResources!: FetchResource[];

  @Field(() => Boolean, {
    nullable: true,
    description:
      "Whether Belvo keeps the credentials (the cédula) after the first extraction: true keeps them with no end, false not at all. Recurrent links need them kept (false is refused). Belvo's default when neither this nor `storeCredentialsForDays` is given.",
  })
  storeCredentials?: boolean | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Belvo keeps the credentials this many days, 1 to 365, then deletes them. Not with `storeCredentials: false`.',
  })
  storeCredentialsForDays?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'How long Belvo keeps the credentials: `store`, `nostore` or `<N>d` (1–365).',
    deprecationReason: 'Use `storeCredentials` or `storeCredentialsForDays`. Removed before 1.0.',
  })
  credentialsStorage?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Belvo deletes the link's data after this many days without an update: 1 to 365 (Belvo's default 365).",
  })
  staleInDays?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Delete the data after `<N>d` (1–365) without update (as `staleInDays`).',
    deprecationReason: 'Use `staleInDays`, a number of days. Removed before 1.0.',
  })
  staleIn?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Makes retries safe: calls with the same key and the same input get the same link, created at Belvo once, even when they run at the same time. The same key with another input is refused. 1–255 characters of letters, digits, `_`, `-`, `.` or `:`; kept at least 24 hours. Without `externalId`, the gateway sends Belvo an opaque one of its own.',
  })
  idempotencyKey?: string | null;
}

/**
 * Belvo's `credentials_storage` for the input (`store`, `nostore` or `<N>d`), from the typed fields
 * or the deprecated string.
 */
export function belvoCredentialsStorage(input: CreateLinkInput): string | undefined {
  if (input.storeCredentialsForDays != null) return `${input.storeCredentialsForDays}d`;
  if (input.storeCredentials != null) return input.storeCredentials ? 'store' : 'nostore';
  return input.credentialsStorage ?? undefined;
}

/** Belvo's `stale_in` for the input (`<N>d`), from `staleInDays` or the deprecated `staleIn`. */
export const belvoStaleIn = (input: CreateLinkInput): string | undefined =>
  input.staleInDays != null ? `${input.staleInDays}d` : (input.staleIn ?? undefined);

@InputType({ description: 'Filters for the `links` query; all optional and combined with AND.' })
export class LinkFilter {
  @Field(() => String, { nullable: true, description: 'Only the link with this external id.' })
  externalId?: string | null;

  @Field(() => LinkStatus, { nullable: true, description: 'Only links with this status.' })
  status?: LinkStatus | null;

  @Field(() => AccessMode, { nullable: true, description: 'Only links with this access mode.' })
  accessMode?: AccessMode | null;

  @Field(() => DateRange, { nullable: true, description: 'Only links created on these days.' })
  createdAt?: DateRange | null;
}
