/*
 * Names the rest of the code (and the simulator) imports. Belvo's response bodies are declared once,
 * as schemas, in schemas.ts; their types are inferred there and only re-exported here. What stays
 * declared by hand is what the gateway itself sends.
 */

export type {
  AcceptedResponse,
  AccessMode,
  BelvoEmployerData,
  BelvoEmployment,
  BelvoErrorItem,
  BelvoLink,
  BelvoOwner,
  BelvoSalaryRow,
  EmployerIdType,
  EmploymentType,
  FetchResource,
  LinkStatus,
  Page,
  RefreshRate,
  SalaryType,
  StatusChange,
} from './schemas.js';
import type { AccessMode, FetchResource } from './schemas.js';

export const INSTITUTION = 'pila_co_employment';

export interface CreateLinkBody {
  institution: string;
  username: string;
  fetch_resources?: FetchResource[];
  access_mode?: AccessMode;
  external_id?: string;
  credentials_storage?: string;
  stale_in?: string;
}

/** What the simulator sends and the webhook route parses: declared once, as a schema (webhook.ts). */
export type { WebhookEnvelope } from './webhook.js';

/** Filter values for list endpoints; arrays become comma lists (`__in`, `__range`). */
export type ListFilters = Record<string, string | number | readonly string[] | undefined>;
