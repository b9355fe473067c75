import { belvoExternalId } from '../../belvo/contract/identifiers.js';
import { ACCESS_MODES, FETCH_RESOURCES, LINK_STATUSES, REFRESH_RATES } from '../../belvo/contract/schemas.js';
import type { BelvoLink } from '../../belvo/contract/types.js';
import { known } from '../../graphql-kit/tolerant-enum.js';
import type { AccessMode, FetchResource, LinkStatus, RefreshRate } from './link.enums.js';
import type { Link } from './link.type.js';

export function toLink(link: BelvoLink): Link {
  return {
    id: link.id,
    institution: link.institution,
    accessMode: known<AccessMode>(ACCESS_MODES, link.access_mode),
    accessModeRaw: link.access_mode,
    status: known<LinkStatus>(LINK_STATUSES, link.status),
    statusRaw: link.status,
    createdBy: link.created_by,
    createdAt: link.created_at,
    lastAccessedAt: link.last_accessed_at,
    // The client's own reference as Belvo echoes it; anything outside the contract's pattern is not one.
    externalId: belvoExternalId(link.external_id),
    institutionUserId: link.institution_user_id,
    refreshRate: known<RefreshRate>(REFRESH_RATES, link.refresh_rate),
    refreshRateRaw: link.refresh_rate,
    credentialsStorage: link.credentials_storage,
    staleIn: link.stale_in,
    fetchResources:
      link.fetch_resources?.map(
        (resource) => known<FetchResource>(FETCH_RESOURCES, resource) as FetchResource,
      ) ?? null,
    fetchResourcesRaw: link.fetch_resources,
  };
}
