import type { z } from 'zod';
import { BelvoError, BelvoErrorCode, InvalidItemError } from './errors.js';
import { endpointOf } from './contract/endpoints.js';
import { BelvoHttp, type BelvoHttpOptions, type CallOptions } from './http.js';
import { checkBody, checkItem, type InvalidBodyReport } from './reading.js';
import {
  acceptedSchema,
  employmentSchema,
  linkSchema,
  ownerSchema,
  pageSchema,
  type AcceptedResponse,
  type BelvoEmployment,
  type BelvoLink,
  type BelvoOwner,
  type Page,
} from './contract/schemas.js';
import type { CreateLinkBody, FetchResource, ListFilters } from './contract/types.js';

export type BelvoClientOptions = BelvoHttpOptions & {
  pageSize: number;
  /** Told of every body or list item that failed its schema, by path and type (never values). */
  onInvalidBody?: (report: InvalidBodyReport) => void;
};

/** A list item that failed its schema stands in the list as an error of its own. */
export type Item<T> = T | InvalidItemError;

/** Typed operations over Belvo's REST contract (links, Colombian employments, owners). */
export class BelvoClient {
  readonly http: BelvoHttp;
  private readonly pageSize: number;
  private readonly onInvalidBody: ((report: InvalidBodyReport) => void) | undefined;

  constructor(options: BelvoClientOptions) {
    this.http = new BelvoHttp(options);
    this.pageSize = options.pageSize;
    this.onInvalidBody = options.onInvalidBody;
  }

  /** One call whose answer must match `schema`; a mismatch is BELVO_INVALID_RESPONSE. */
  private async read<S extends z.ZodType>(
    schema: S,
    request: Parameters<BelvoHttp['request']>[0],
  ): Promise<z.output<S>> {
    const { body } = await this.http.request<unknown>(request);
    return checkBody(schema, body, this.endpoint(request.url), this.onInvalidBody);
  }

  private endpoint(url: string): string {
    return `${endpointOf(this.http.resolve(url).pathname)}`;
  }

  /** `GET /api/`: Belvo's own key check. */
  async ping(call: CallOptions = {}): Promise<void> {
    await this.http.request({ method: 'GET', url: '/api/', retry: false, ...call });
  }

  // Links

  /** Never retried: a retry after a lost answer would create a second link. */
  async createLink(body: CreateLinkBody): Promise<BelvoLink> {
    return this.read(linkSchema, { method: 'POST', url: '/api/links/', body, retry: false });
  }

  async getLink(id: string, call: CallOptions = {}): Promise<BelvoLink> {
    return this.read(linkSchema, { method: 'GET', url: `/api/links/${segment(id)}/`, retry: true, ...call });
  }

  allLinks(filters: ListFilters = {}, call: CallOptions = {}): Promise<Array<Item<BelvoLink>>> {
    return collect(this.paginate(linkSchema, '/api/links/', filters, call));
  }

  /**
   * One page, for cursor pagination in the GraphQL layer. A page is used whole or not at all (a
   * bad item fails it): a connection with a hole would shift every cursor after it.
   */
  async linksPage(filters: ListFilters, page: number, pageSize: number): Promise<Page<BelvoLink>> {
    const url = withQuery('/api/links/', { ...filters, page, page_size: pageSize });
    const read = await this.page(linkSchema, url);
    const bad = read.results.find((item) => item instanceof InvalidItemError);
    if (bad) throw bad;
    return read as Page<BelvoLink>;
  }

  /** Sync delete answers 204; `async: true` answers 202 and Belvo later sends `link_deleted`. */
  async deleteLink(
    id: string,
    options: { async?: boolean } & CallOptions = {},
  ): Promise<AcceptedResponse | undefined> {
    const request = {
      method: 'DELETE',
      url: `/api/links/${segment(id)}/`,
      headers: options.async ? { 'x-belvo-request-mode': 'async' } : undefined,
      retry: false,
      priority: options.priority,
    } as const;
    const { body } = await this.http.request<unknown>(request);
    // 204 has no body; only the async 202 carries one.
    if (body === undefined) return undefined;
    return checkBody(acceptedSchema, body, this.endpoint(request.url), this.onInvalidBody);
  }

  async refreshLink(id: string, fetchResources?: FetchResource[]): Promise<AcceptedResponse> {
    const body = fetchResources ? { fetch_resources: fetchResources } : {};
    const url = `/api/links/${segment(id)}/refresh/`;
    return this.read(acceptedSchema, { method: 'POST', url, body, retry: false });
  }

  // Employments (Colombia)

  allEmployments(filters: ListFilters = {}, call: CallOptions = {}): Promise<Array<Item<BelvoEmployment>>> {
    return collect(this.paginate(employmentSchema, '/api/co/employments/', filters, call));
  }

  // Owners

  allOwners(filters: ListFilters = {}, call: CallOptions = {}): Promise<Array<Item<BelvoOwner>>> {
    return collect(this.paginate(ownerSchema, '/api/owners/', filters, call));
  }

  /**
   * Follows `next` (absolute URLs, checked against the configured origin) until the last page.
   * Items are checked one by one: a bad one is yielded as an InvalidItemError in its place. A
   * token given for the call pays for its first page; later pages wait for their own.
   */
  private async *paginate<S extends z.ZodType>(
    schema: S,
    path: string,
    filters: ListFilters,
    call: CallOptions,
  ): AsyncGenerator<Item<z.output<S>>> {
    let url: string | null = withQuery(path, { page_size: this.pageSize, ...filters });
    let pageCall = call;
    for (let first = true; url !== null; first = false) {
      const page: Page<Item<z.output<S>>> = await this.page(schema, url, pageCall).catch((error: unknown) => {
        throw first ? error : nextPageError(error, this.endpoint(path));
      });
      pageCall = { priority: call.priority };
      yield* page.results;
      url = page.next;
    }
  }

  private async page<S extends z.ZodType>(
    schema: S,
    url: string,
    call: CallOptions = {},
  ): Promise<Page<Item<z.output<S>>>> {
    const page = await this.read(pageSchema, { method: 'GET', url, retry: true, ...call });
    const endpoint = this.endpoint(url);
    const results = page.results.map((item, index) =>
      checkItem(schema, item, index, endpoint, this.onInvalidBody),
    );
    return {
      count: page.count ?? results.length,
      next: page.next,
      previous: page.previous,
      results,
    };
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

/**
 * A 404 on a `next` page Belvo itself linked to says the list changed under the walk (or the link
 * lies), not that what was listed does not exist: read as NOT_FOUND it would tell a client that a
 * link it can read is gone. It is a list the gateway could not use, worth reading again.
 */
function nextPageError(error: unknown, endpoint: string): unknown {
  if (
    !(error instanceof BelvoError) ||
    error.code !== BelvoErrorCode.BELVO_API_ERROR ||
    error.status !== 404
  ) {
    return error;
  }
  return new BelvoError(
    BelvoErrorCode.BELVO_INVALID_RESPONSE,
    `Belvo answered 404 to a next page of ${endpoint} it had linked to`,
    { status: error.status, requestId: error.requestId, cause: error },
  );
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
