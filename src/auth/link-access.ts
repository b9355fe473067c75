import type { LinkRegistry } from '../store/link-registry.js';
import type { Principal } from './principal.js';

/** Answers, per link id, whether the principal may see it: admins see all, others their own. */
export type LinkAccess = (linkIds: readonly string[]) => Promise<boolean[]>;

export function linkAccessFor(principal: Principal, registry: Pick<LinkRegistry, 'ownersOf'>): LinkAccess {
  if (principal.admin) return async (linkIds) => linkIds.map(() => true);
  return async (linkIds) => (await registry.ownersOf(linkIds)).map((owner) => owner === principal.id);
}
