import type { BelvoLink } from '../../belvo/types.js';
import type { AccessMode, FetchResource, LinkStatus, RefreshRate } from './link.enums.js';
import type { Link } from './link.type.js';

export function toLink(link: BelvoLink): Link {
  return {
    id: link.id,
    institution: link.institution,
    accessMode: link.access_mode as AccessMode | null,
    status: link.status as LinkStatus,
    createdBy: link.created_by ?? null,
    createdAt: link.created_at,
    lastAccessedAt: link.last_accessed_at,
    externalId: link.external_id,
    institutionUserId: link.institution_user_id,
    refreshRate: link.refresh_rate as RefreshRate | null,
    credentialsStorage: link.credentials_storage,
    staleIn: link.stale_in,
    fetchResources: link.fetch_resources as FetchResource[],
  };
}
