import type { KeyingConfig } from '@urql/exchange-graphcache';
import { typePolicies } from './apollo-cache.js';

/**
 * urql Graphcache's `keys` for this gateway's schema: `cacheExchange({ keys, schema })`. Objects with
 * an `id` (`Link`, `Employment`, `Owner`, the events) are normalised by it. Every other object type is
 * a value embedded in the object that holds it (a `null` key), for the reasons given beside Apollo's
 * policies in apollo-cache.ts: the same value types, plus the pages of `links` and the mutation
 * payloads, which Graphcache would otherwise warn have no key. After `deleteLink`, invalidate its
 * `deletedLinkId` in an `updates.Mutation.deleteLink` handler:
 * `cache.invalidate({ __typename: 'Link', id: result.deleteLink.deletedLinkId })`.
 */
const EMBEDDED = [
  ...Object.keys(typePolicies),
  'LinkConnection',
  'LinkEdge',
  'PageInfo',
  'CreateLinkPayload',
  'DeleteLinkPayload',
  'RefreshLinkPayload',
  'UserError',
];

export const keys: KeyingConfig = Object.fromEntries(EMBEDDED.map((name) => [name, () => null]));
