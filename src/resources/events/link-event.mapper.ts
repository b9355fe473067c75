import type { LinkEventRecord } from '../../store/link-event.js';
import { linkErrorMessage } from './link-error.messages.js';
import { linkErrorReasonOf, type LinkEventValue } from './link-event.type.js';

/** A recorded event, with its kind-specific fields under their GraphQL names. */
export function toLinkEventValue(event: LinkEventRecord): LinkEventValue {
  const common = {
    kind: event.kind,
    id: event.id,
    cursor: event.cursor,
    linkId: event.linkId,
    receivedAt: event.receivedAt,
    requestId: event.requestId,
    externalId: event.externalId,
  };
  switch (event.kind) {
    case 'EMPLOYMENTS_HISTORICAL_UPDATE':
    case 'OWNERS_HISTORICAL_UPDATE':
      return { ...common, total: event.count };
    case 'NEW_EMPLOYMENTS_AVAILABLE':
      return {
        ...common,
        newCount: event.count,
        newSince: event.newSince,
        until: event.receivedAt.slice(0, 10),
      };
    case 'NEW_OWNERS_AVAILABLE':
      return { ...common, newCount: event.count };
    case 'LINK_ERROR':
      return {
        ...common,
        // An unknown reason reads as OTHER: guessing INVALID_CREDENTIALS would tell the person to
        // re-enter data that may be fine.
        reason: linkErrorReasonOf(event.error?.reason ?? ''),
        reasonRaw: event.error?.reason ?? '',
        errorCode: event.error?.code ?? null,
        errorMessage: linkErrorMessage(event.error?.code ?? null),
      };
    case 'LINK_DELETED':
      return common;
  }
}
