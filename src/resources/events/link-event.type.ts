import { createUnionType, Field, ID, Int, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';
import type { LinkEventKind } from '../../store/link-event.js';
import { DateTime, LocalDate, UUID } from '../../graphql-kit/scalars.js';
import { known, otherValue, tolerantEnum } from '../../graphql-kit/tolerant-enum.js';

/** What resolvers return for an event: the recorded event with its kind-specific fields named for GraphQL. */
export interface LinkEventValue {
  kind: LinkEventKind;
  id: string;
  cursor: string;
  linkId: string;
  receivedAt: string;
  requestId: string | null;
  externalId: string | null;
  total?: number | null;
  newCount?: number | null;
  newSince?: string | null;
  until?: string;
  reason?: LinkErrorReason;
  reasonRaw?: string;
  errorCode?: string | null;
  errorMessage?: string;
}

export const EVENT_TYPE_NAMES: Record<LinkEventKind, string> = {
  EMPLOYMENTS_HISTORICAL_UPDATE: 'EmploymentsHistoricalUpdate',
  NEW_EMPLOYMENTS_AVAILABLE: 'NewEmploymentsAvailable',
  OWNERS_HISTORICAL_UPDATE: 'OwnersHistoricalUpdate',
  NEW_OWNERS_AVAILABLE: 'NewOwnersAvailable',
  LINK_ERROR: 'LinkError',
  LINK_DELETED: 'LinkDeleted',
};

@InterfaceType({
  description:
    'Something Belvo announced about a link by webhook. Pushed to subscribers as it arrives; events recorded before a subscription started are replayed first.',
  resolveType: (value: LinkEventValue) => EVENT_TYPE_NAMES[value.kind],
})
export abstract class LinkEvent {
  /** Not a GraphQL field: picks the concrete type. */
  kind!: LinkEventKind;

  @Field(() => ID, {
    description:
      "Belvo's webhook id (32 hex digits): unique per event, the same on every delivery. An id of another shape reads as `sha256:` and a hash of it; `gateway-delete-…` marks the gateway's own deletion notice.",
  })
  id!: string;

  @Field(() => String, {
    description:
      "The event's place in the gateway's event log. Keep the last one you received: subscribing again with `afterCursor` set to it delivers exactly the events you missed, then live ones.",
  })
  cursor!: string;

  @Field(() => UUID, { description: 'The link the event is about.' })
  linkId!: string;

  @Field(() => DateTime, { description: 'When the gateway received the webhook.' })
  receivedAt!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "Belvo's id for the request that caused the event (32 hex digits or a UUID); null when Belvo sent none or something else.",
  })
  requestId!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The `externalId` given when the link was created, echoed by Belvo; null when Belvo sent none or a value outside its pattern (3–256 letters, digits, `_` or `-`).',
  })
  externalId!: string | null;
}

@ObjectType({
  implements: LinkEvent,
  description:
    "Belvo finished extracting the link's employments (after creation or a refresh); `employments` reads them.",
})
export class EmploymentsHistoricalUpdate extends LinkEvent {
  @Field(() => Int, { nullable: true, description: 'How many employments Belvo holds for the link now.' })
  total!: number | null;
}

@ObjectType({
  implements: LinkEvent,
  description:
    'A recurrent link found new employments. `employments` holds just the new ones: those Belvo stored from `since` to `until`, as the contract recommends.',
})
export class NewEmploymentsAvailable extends LinkEvent {
  @Field(() => Int, { nullable: true, description: 'How many employments are new, as Belvo counted them.' })
  newCount!: number | null;

  @Field(() => LocalDate, {
    description: 'The day the event arrived: the end of the range of new employments.',
  })
  until!: string;
}

@ObjectType({
  implements: LinkEvent,
  description: "Belvo finished extracting the link's owner; `owners` reads it.",
})
export class OwnersHistoricalUpdate extends LinkEvent {
  @Field(() => Int, { nullable: true, description: 'How many owners Belvo holds for the link now.' })
  total!: number | null;
}

@ObjectType({
  implements: LinkEvent,
  description: "A recurrent link found changes to the owner's data; `owners` reads them.",
})
export class NewOwnersAvailable extends LinkEvent {
  @Field(() => Int, {
    nullable: true,
    description: 'How many owners are new or changed, as Belvo counted them.',
  })
  newCount!: number | null;
}

/** The LINK webhook codes Belvo documents as errors (CONTRACT.md, webhooks). */
const LINK_ERROR_CODES = ['invalid_credentials', 'token_required'] as const;

export const LinkErrorReason = tolerantEnum(LINK_ERROR_CODES, {
  invalid_credentials: 'INVALID_CREDENTIALS',
  token_required: 'TOKEN_REQUIRED',
});
export type LinkErrorReason = (typeof LinkErrorReason)[keyof typeof LinkErrorReason];

/** A recorded reason as the enum's value: OTHER for one the gateway does not know, never a guess. */
export const linkErrorReasonOf = (raw: string): LinkErrorReason =>
  known<LinkErrorReason>(LINK_ERROR_CODES, raw) ?? LinkErrorReason.OTHER;

registerEnumType(LinkErrorReason, {
  name: 'LinkErrorReason',
  description: 'Why Belvo can no longer use a link.',
  valuesConfig: {
    INVALID_CREDENTIALS: { description: 'The institution refused the credentials; create the link again.' },
    TOKEN_REQUIRED: { description: 'The institution asks for a token; the link needs the user again.' },
    OTHER: otherValue('reasonRaw'),
  },
});

@ObjectType({
  implements: LinkEvent,
  description: 'Belvo could not update the link; it will not produce data until fixed.',
})
export class LinkError extends LinkEvent {
  @Field(() => LinkErrorReason, { description: 'What went wrong, as Belvo classified it.' })
  reason!: LinkErrorReason;

  @Field(() => String, {
    description: "Belvo's webhook code as sent (e.g. `invalid_credentials`): tells an OTHER reason apart.",
  })
  reasonRaw!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "Belvo's error code, e.g. `login_error`; null when Belvo sent none or something that is not a code (lower-case words joined by `_`).",
  })
  errorCode!: string | null;

  @Field(() => String, {
    description:
      "The gateway's own explanation of `errorCode`, in English: a fixed text per code it knows, a generic one otherwise. Never Belvo's own text, which may name the person.",
  })
  errorMessage!: string;
}

@ObjectType({
  implements: LinkEvent,
  description:
    'The link and all its data are gone from Belvo: announced by Belvo, or by this gateway when its `deleteLink` deleted the link (then `id` starts with `gateway-delete-`). No event follows; subscriptions to it end.',
})
export class LinkDeleted extends LinkEvent {}

export const HistoricalUpdate = createUnionType({
  name: 'HistoricalUpdate',
  description: 'A finished extraction of employments or of owners: the two waits after `createLink`.',
  types: () => [EmploymentsHistoricalUpdate, OwnersHistoricalUpdate] as const,
  resolveType: (value) => EVENT_TYPE_NAMES[value.kind],
});
