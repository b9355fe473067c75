import { ArgsType, Field } from 'type-graphql';
import { DateTime, UUID } from '../../graphql-kit/scalars.js';

/** What `linkReady` takes: the link, and from when its events count. */
@ArgsType()
export class LinkWaitArgs {
  @Field(() => UUID, { description: 'The link to follow.' })
  linkId!: string;

  @Field(() => DateTime, {
    nullable: true,
    description:
      "Only events the gateway received after this instant: pass `refreshLink`'s `requestedAt` to wait for that refresh, not for the link's earlier extractions. Without it, every recorded event is replayed.",
  })
  after?: Date | null;
}

/** What every per-link event subscription takes: `LinkWaitArgs`, and where to resume. */
@ArgsType()
export class LinkEventArgs extends LinkWaitArgs {
  @Field(() => String, {
    nullable: true,
    description:
      "Resume exactly after this event's `cursor` (the last one you received): the events you missed are delivered first, none twice. Fails with CURSOR_EXPIRED when they are past the log's retention.",
  })
  afterCursor?: string | null;
}
