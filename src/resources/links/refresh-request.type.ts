import { Field, ObjectType } from 'type-graphql';
import { UUID } from '../../graphql/scalars.js';

@ObjectType({ description: 'Belvo accepted a refresh; the data follows by webhook.' })
export class RefreshRequest {
  @Field(() => UUID, { description: 'The link being refreshed.' })
  linkId!: string;

  @Field(() => String, { description: "Belvo's request id, for support." })
  requestId!: string;
}
