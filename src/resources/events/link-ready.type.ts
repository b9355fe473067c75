import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Link } from '../links/link.type.js';
import { LinkErrorReason } from './link-event.type.js';

export enum LinkReadyOutcome {
  READY = 'READY',
  LINK_ERROR = 'LINK_ERROR',
  DELETED = 'DELETED',
}

registerEnumType(LinkReadyOutcome, {
  name: 'LinkReadyOutcome',
  description: 'How the wait for a link ended.',
  valuesConfig: {
    READY: { description: 'Every resource the link fetches was extracted: its data is in `link`.' },
    LINK_ERROR: {
      description: 'Belvo could not extract: see `errorReason` (the link is kept, but holds no data).',
    },
    DELETED: { description: 'The link was deleted while waiting.' },
  },
});

/** What the resolver returns; `link` is resolved on demand. */
export interface LinkReadyValue {
  linkId: string;
  outcome: LinkReadyOutcome;
  cursor: string;
  errorReason: LinkErrorReason | null;
}

@ObjectType({
  description:
    'The end of the wait after `createLink` (or `refreshLink`): the link with its data, or why there is none.',
})
export class LinkReadiness {
  @Field(() => LinkReadyOutcome, { description: 'Ready, failed, or deleted.' })
  outcome!: LinkReadyOutcome;

  @Field(() => Link, {
    nullable: true,
    description: 'The link as it is now, with `employments` and `owners` to select; null once deleted.',
  })
  link!: Link | null;

  @Field(() => LinkErrorReason, { nullable: true, description: 'Why Belvo failed, for LINK_ERROR.' })
  errorReason!: LinkErrorReason | null;

  @Field(() => String, {
    description:
      'The cursor of the event that ended the wait: follow `linkEvents` from here with `afterCursor`.',
  })
  cursor!: string;
}
