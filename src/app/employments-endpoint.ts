import type { BelvoClient } from '../belvo/client.js';
import { BelvoError, BelvoErrorCode } from '../belvo/errors.js';

/** Belvo's list of Colombian employments: everything this gateway reads hangs on it. */
export const EMPLOYMENTS_PATH = '/api/co/employments/';

/**
 * A link id no link has: the probe asks for its employments, so Belvo answers an empty page (or
 * refuses the endpoint) and no person's data crosses the wire for a check.
 */
const NO_LINK = '00000000-0000-0000-0000-000000000000';

/** Belvo accepted the keys but refuses the employments endpoint: `reason` says so, for the banner and /readyz. */
export class EmploymentsEndpointRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'EmploymentsEndpointRefused';
  }
}

/**
 * Whether the Belvo the keys open serves `GET /api/co/employments/`. Belvo's newest OpenAPI no longer
 * lists it: an account or a Belvo without it answered 404 or 403 to every query, which read like a
 * per-query fault. Checked after the keys are (a failing `GET /api/` says more), and once it has
 * answered, never again: the readiness probe spends none of Belvo's budget on it afterwards.
 */
export class EmploymentsEndpoint {
  private served = false;

  constructor(private readonly belvo: BelvoClient) {}

  /** Rejects with EmploymentsEndpointRefused on a 404 or 403; any other failure is the keys check's to report. */
  async check(): Promise<void> {
    if (this.served) return;
    try {
      await this.belvo.http.request({
        method: 'GET',
        url: `${EMPLOYMENTS_PATH}?link=${NO_LINK}&page_size=1`,
        retry: false,
        priority: 'background',
      });
      this.served = true;
    } catch (error) {
      if (!(error instanceof BelvoError)) return;
      const refusal = refusalOf(error);
      if (refusal) throw new EmploymentsEndpointRefused(refusal);
      // Any other answer of the endpoint's own (a 400 about the filter) shows it is there; Belvo
      // away (no answer, 5xx, 429) says nothing about it, and it is asked again next time.
      this.served = answeredByEndpoint(error);
    }
  }
}

function refusalOf(error: BelvoError): string | undefined {
  if (error.code !== BelvoErrorCode.BELVO_API_ERROR) return undefined;
  if (error.status === 404) {
    return `keys accepted, but GET ${EMPLOYMENTS_PATH} answered HTTP 404: this Belvo (BELVO_BASE_URL) does not serve Colombian employments, so no employment can be read`;
  }
  if (error.status === 403) {
    return `keys accepted, but not for Colombian employments (GET ${EMPLOYMENTS_PATH} answered HTTP 403): ask Belvo to enable pila_co_employment for these keys`;
  }
  return undefined;
}

function answeredByEndpoint(error: BelvoError): boolean {
  const status = error.status;
  return (
    error.code === BelvoErrorCode.BELVO_API_ERROR && status !== undefined && status < 500 && status !== 429
  );
}
