import { Field, ObjectType } from 'type-graphql';
import { DateTime, UUID } from '../../graphql-kit/scalars.js';

@ObjectType({ description: 'Belvo accepted a refresh; the data follows by webhook.' })
export class RefreshRequest {
  @Field(() => UUID, { description: 'The link being refreshed.' })
  linkId!: string;

  @Field(() => String, {
    nullable: true,
    description: "Belvo's request id, for support (null if Belvo sent none).",
  })
  requestId!: string | null;

  @Field(() => DateTime, {
    description:
      'When the gateway asked Belvo. Subscribe with `after: requestedAt` to receive only the events of this refresh, not those of earlier extractions still on record.',
  })
  requestedAt!: Date;
}
