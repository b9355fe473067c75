import { Field, ObjectType } from 'type-graphql';
import { DateTime, UUID } from '../../graphql-kit/scalars.js';
import { AccessMode, FetchResource, LinkStatus, RefreshRate } from './link.enums.js';

@ObjectType({
  description:
    "A connection Belvo holds to one person's employment records (institution `pila_co_employment`), created from their cédula.",
})
export class Link {
  @Field(() => UUID, { description: "Belvo's id for the link." })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Belvo institution code; always `pila_co_employment` here (null if Belvo left it out).',
  })
  institution!: string | null;

  @Field(() => AccessMode, {
    nullable: true,
    description: 'Single extraction or recurrent updates; OTHER for a mode this gateway does not know.',
  })
  accessMode!: AccessMode | null;

  @Field(() => String, {
    nullable: true,
    description: "Belvo's access mode as sent; differs from `accessMode` only when that is OTHER.",
  })
  accessModeRaw!: string | null;

  @Field(() => LinkStatus, {
    nullable: true,
    description: 'Whether Belvo can use the link; OTHER for a status this gateway does not know.',
  })
  status!: LinkStatus | null;

  @Field(() => String, {
    nullable: true,
    description: "Belvo's status as sent (e.g. `valid`); tells an OTHER status apart.",
  })
  statusRaw!: string | null;

  @Field(() => UUID, { nullable: true, description: 'The Belvo user (API key owner) that created the link.' })
  createdBy!: string | null;

  @Field(() => DateTime, { nullable: true, description: 'When the link was created.' })
  createdAt!: string | null;

  @Field(() => DateTime, {
    nullable: true,
    description: 'When Belvo last read from the institution for this link.',
  })
  lastAccessedAt!: string | null;

  @Field(() => String, { nullable: true, description: 'Your own reference for the link, if you gave one.' })
  externalId!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Belvo's stable, opaque id for the person at the institution (44 characters); no personal data.",
  })
  institutionUserId!: string | null;

  @Field(() => RefreshRate, {
    nullable: true,
    description:
      'Refresh rate of a recurrent link; null for single links (and whenever Belvo sends none); OTHER for a rate this gateway does not know.',
  })
  refreshRate!: RefreshRate | null;

  @Field(() => String, {
    nullable: true,
    description: "Belvo's refresh rate as sent (e.g. `7d`); tells an OTHER rate apart.",
  })
  refreshRateRaw!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'How long Belvo keeps the credentials: `store`, `nostore` or `<N>d`.',
  })
  credentialsStorage!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Belvo deletes the data after this long without an update, `<N>d`. Belvo sends null for some new single links.',
  })
  staleIn!: string | null;

  @Field(() => [FetchResource], {
    nullable: true,
    description: 'Which data Belvo extracts for the link; OTHER for a resource this gateway does not know.',
  })
  fetchResources!: FetchResource[] | null;

  @Field(() => [String], {
    nullable: true,
    description: "Belvo's resources as sent, in the same order as `fetchResources`.",
  })
  fetchResourcesRaw!: string[] | null;
}
