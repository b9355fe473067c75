import { BelvoHttp, type BelvoHttpOptions } from './http.js';
import type {
  AcceptedResponse,
  BelvoEmployment,
  BelvoLink,
  BelvoOwner,
  CreateLinkBody,
  FetchResource,
  ListFilters,
  Page,
  PatchLinkBody,
} from './types.js';

export type BelvoClientOptions = BelvoHttpOptions & { pageSize: number };

export interface RetrieveEmploymentsBody {
  link: string;
  date_from?: string;
  date_to?: string;
  save_data?: boolean;
}

/** Typed operations over Belvo's REST contract (links, Colombian employments, owners). */
export class BelvoClient {
  readonly http: BelvoHttp;
  private readonly pageSize: number;

  constructor(options: BelvoClientOptions) {
    this.http = new BelvoHttp(options);
    this.pageSize = options.pageSize;
  }

  /** `GET /api/`: Belvo's own key check. */
  async ping(): Promise<void> {
    await this.http.request({ method: 'GET', url: '/api/', retry: false });
  }

  // Links

  /** Never retried: a retry after a lost answer would create a second link. */
  async createLink(body: CreateLinkBody): Promise<BelvoLink> {
    return (await this.http.request<BelvoLink>({ method: 'POST', url: '/api/links/', body, retry: false }))
      .body;
  }

  async getLink(id: string): Promise<BelvoLink> {
    return (
      await this.http.request<BelvoLink>({ method: 'GET', url: `/api/links/${segment(id)}/`, retry: true })
    ).body;
  }

  listLinks(filters: ListFilters = {}): AsyncGenerator<BelvoLink> {
    return this.paginate<BelvoLink>('/api/links/', filters);
  }

  allLinks(filters: ListFilters = {}): Promise<BelvoLink[]> {
    return collect(this.listLinks(filters));
  }

  /** One page, for cursor pagination in the GraphQL layer. */
  async linksPage(filters: ListFilters, page: number, pageSize: number): Promise<Page<BelvoLink>> {
    const url = withQuery('/api/links/', { ...filters, page, page_size: pageSize });
    return (await this.http.request<Page<BelvoLink>>({ method: 'GET', url, retry: true })).body;
  }

  /** Sync delete answers 204; `async: true` answers 202 and Belvo later sends `link_deleted`. */
  async deleteLink(id: string, options: { async?: boolean } = {}): Promise<AcceptedResponse | undefined> {
    const response = await this.http.request<AcceptedResponse | undefined>({
      method: 'DELETE',
      url: `/api/links/${segment(id)}/`,
      headers: options.async ? { 'x-belvo-request-mode': 'async' } : undefined,
      retry: false,
    });
    return response.body;
  }

  async refreshLink(id: string, fetchResources?: FetchResource[]): Promise<AcceptedResponse> {
    const body = fetchResources ? { fetch_resources: fetchResources } : {};
    const url = `/api/links/${segment(id)}/refresh/`;
    return (await this.http.request<AcceptedResponse>({ method: 'POST', url, body, retry: false })).body;
  }

  async patchLink(id: string, body: PatchLinkBody): Promise<BelvoLink> {
    const url = `/api/links/${segment(id)}/`;
    return (await this.http.request<BelvoLink>({ method: 'PATCH', url, body, retry: false })).body;
  }

  // Employments (Colombia)

  listEmployments(filters: ListFilters = {}): AsyncGenerator<BelvoEmployment> {
    return this.paginate<BelvoEmployment>('/api/co/employments/', filters);
  }

  allEmployments(filters: ListFilters = {}): Promise<BelvoEmployment[]> {
    return collect(this.listEmployments(filters));
  }

  async getEmployment(id: string): Promise<BelvoEmployment> {
    const url = `/api/co/employments/${segment(id)}/`;
    return (await this.http.request<BelvoEmployment>({ method: 'GET', url, retry: true })).body;
  }

  /** Asks Belvo to extract now; not idempotent (it stores a new batch), so never retried. */
  async retrieveEmployments(body: RetrieveEmploymentsBody): Promise<BelvoEmployment[]> {
    const url = '/api/co/employments/';
    return (await this.http.request<BelvoEmployment[]>({ method: 'POST', url, body, retry: false })).body;
  }

  // Owners

  listOwners(filters: ListFilters = {}): AsyncGenerator<BelvoOwner> {
    return this.paginate<BelvoOwner>('/api/owners/', filters);
  }

  allOwners(filters: ListFilters = {}): Promise<BelvoOwner[]> {
    return collect(this.listOwners(filters));
  }

  async getOwner(id: string): Promise<BelvoOwner> {
    return (
      await this.http.request<BelvoOwner>({ method: 'GET', url: `/api/owners/${segment(id)}/`, retry: true })
    ).body;
  }

  /** Follows `next` (absolute URLs, checked against the configured origin) until the last page. */
  async *paginate<T>(path: string, filters: ListFilters): AsyncGenerator<T> {
    let url: string | null = withQuery(path, { page_size: this.pageSize, ...filters });
    while (url !== null) {
      const page: Page<T> = (await this.http.request<Page<T>>({ method: 'GET', url, retry: true })).body;
      yield* page.results;
      url = page.next;
    }
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

export function withQuery(path: string, filters: ListFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined) continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const query = params.toString();
  return query === '' ? path : `${path}?${query}`;
}

/** Ids go into paths; encoding keeps a hostile id from changing the path. */
const segment = (id: string) => encodeURIComponent(id);

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
