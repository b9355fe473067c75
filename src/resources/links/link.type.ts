import { Field, ObjectType } from 'type-graphql';
import { DateTime, UUID } from '../../graphql/scalars.js';
import { AccessMode, FetchResource, LinkStatus, RefreshRate } from './link.enums.js';

@ObjectType({
  description:
    "A connection Belvo holds to one person's employment records (institution `pila_co_employment`), created from their cédula.",
})
export class Link {
  @Field(() => UUID, { description: "Belvo's id for the link." })
  id!: string;

  @Field(() => String, { description: 'Belvo institution code; always `pila_co_employment` here.' })
  institution!: string;

  @Field(() => AccessMode, { nullable: true, description: 'Single extraction or recurrent updates.' })
  accessMode!: AccessMode | null;

  @Field(() => LinkStatus, { description: 'Whether Belvo can use the link.' })
  status!: LinkStatus;

  @Field(() => UUID, { nullable: true, description: 'The Belvo user (API key owner) that created the link.' })
  createdBy!: string | null;

  @Field(() => DateTime, { description: 'When the link was created.' })
  createdAt!: string;

  @Field(() => DateTime, {
    nullable: true,
    description: 'When Belvo last read from the institution for this link.',
  })
  lastAccessedAt!: string | null;

  @Field(() => String, { nullable: true, description: 'Your own reference for the link, if you gave one.' })
  externalId!: string | null;

  @Field(() => String, {
    description:
      "Belvo's stable, opaque id for the person at the institution (44 characters); no personal data.",
  })
  institutionUserId!: string;

  @Field(() => RefreshRate, {
    nullable: true,
    description: 'Refresh rate of a recurrent link; null for single links.',
  })
  refreshRate!: RefreshRate | null;

  @Field(() => String, { description: 'How long Belvo keeps the credentials: `store`, `nostore` or `<N>d`.' })
  credentialsStorage!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Belvo deletes the data after this long without an update, `<N>d`; null when Belvo does not say (single links).',
  })
  staleIn!: string | null;

  @Field(() => [FetchResource], { description: 'Which data Belvo extracts for the link.' })
  fetchResources!: FetchResource[];
}
