import { Field, ObjectType } from 'type-graphql';
import { DateTime, UUID } from '../../graphql-kit/scalars.js';

@ObjectType({ description: 'Belvo accepted a refresh; the data follows by webhook.' })
export class RefreshRequest {
  @Field(() => UUID, { description: 'The link being refreshed.' })
  linkId!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "Belvo's request id (32 hex digits or a UUID), for support; the webhooks of this refresh carry it too. Null if Belvo sent none, or something else.",
  })
  requestId!: string | null;

  @Field(() => DateTime, {
    description:
      'When the gateway asked Belvo. Subscribe with `after: requestedAt` to receive only the events of this refresh, not those of earlier extractions still on record.',
  })
  requestedAt!: Date;
}
