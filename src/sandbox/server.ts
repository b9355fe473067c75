import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { endpointOf } from '../belvo/contract/endpoints.js';
import type { BelvoErrorItem } from '../belvo/contract/types.js';
import { contractDrift } from './drift.js';
import { Faults, type Fault } from './faults.js';
import { BELVO_RATE_LIMITS, RateLimits, type RateLimitOptions } from './rate-limits.js';
import { InvalidFilter, InvalidPage, listPage } from './listing.js';
import {
  validateCreateLink,
  validateFetchResources,
  validatePatchLink,
  validateRetrieve,
  type ValidationFailure,
} from './validation.js';
import { WebhookSender, type WebhookTarget } from './webhooks.js';
import { World, failureFor, newRequestId } from './world.js';

export interface SandboxOptions {
  secretId: string;
  secretPassword: string;
  host?: string;
  port?: number;
  extractionDelayMs?: number;
  recurrentIntervalMs?: number;
  refreshCooldownMs?: number;
  webhookRetryDelayMs?: number;
  webhook?: WebhookTarget;
  now?: () => Date;
  random?: () => number;
  /** Belvo's rate limits by default; tests that are not about them turn them off. */
  rateLimit?: RateLimitOptions;
  /** Requests kept in `requests` for counting; the oldest are forgotten first (default 10,000). */
  requestLogMax?: number;
}

export interface SandboxRequest {
  method: string;
  /** Path with ids replaced by `{id}`, e.g. `/api/links/{id}/`. */
  endpoint: string;
  /** Path and query as received. */
  url: string;
  status: number;
}

const BODY_LIMIT_BYTES = 1024 * 1024;
const LINK_FILTERS = [
  'id',
  'institution',
  'access_mode',
  'status',
  'external_id',
  'institution_user_id',
  'created_at',
];
const DATA_FILTERS = ['id', 'link', 'created_at'];
const OWNER_FILTERS = [...DATA_FILTERS, 'email', 'display_name'];

class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body?: unknown,
  ) {}
}

const belvoError = (status: number, failure: ValidationFailure | { code: string; message: string }) =>
  new HttpAnswer(status, [{ request_id: newRequestId(), ...failure } satisfies BelvoErrorItem]);

const notFound = () => belvoError(404, { code: 'not_found', message: 'Not found.' });

const FAILURE_MESSAGES = {
  login_error: 'Invalid credentials provided to login to the institution',
  institution_down: 'The financial institution is down, try again later',
  too_many_sessions: 'Impossible to create a new session, try again later',
} as const;

/**
 * An in-process HTTP server that serves Belvo's contract for Colombian employment data
 * (docs/belvo-contract.md), with synthetic data, real webhooks and fault injection.
 */
export class BelvoSandbox {
  readonly faults: Faults;
  readonly requests: SandboxRequest[] = [];
  readonly webhooks: WebhookSender;
  readonly world: World;
  readonly rateLimits: RateLimits;
  private readonly requestLogMax: number;
  private readonly server: Server;
  private readonly expectedAuthorization: Buffer;
  private baseUrl = '';

  constructor(private readonly options: SandboxOptions) {
    this.faults = new Faults(options.random);
    this.rateLimits = new RateLimits(options.rateLimit ?? BELVO_RATE_LIMITS);
    this.requestLogMax = options.requestLogMax ?? 10_000;
    this.webhooks = new WebhookSender(options.webhookRetryDelayMs ?? 2_000);
    this.webhooks.target = options.webhook;
    this.world = new World({
      extractionDelayMs: options.extractionDelayMs ?? 15_000,
      recurrentIntervalMs: options.recurrentIntervalMs ?? 0,
      refreshCooldownMs: options.refreshCooldownMs ?? 10 * 60_000,
      now: options.now ?? (() => new Date()),
      webhooks: this.webhooks,
    });
    this.expectedAuthorization = Buffer.from(
      `Basic ${Buffer.from(`${options.secretId}:${options.secretPassword}`).toString('base64')}`,
    );
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
  }

  get url(): string {
    return this.baseUrl;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://${this.options.host ?? '127.0.0.1'}:${port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    this.webhooks.close();
    this.world.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  setWebhookTarget(target: WebhookTarget | undefined): void {
    this.webhooks.target = target;
  }

  /** How many requests matched, e.g. `count('GET', '/api/co/employments/')`. */
  count(method?: string, endpoint?: string): number {
    return this.requests.filter(
      (r) => (!method || r.method === method) && (!endpoint || r.endpoint === endpoint),
    ).length;
  }

  resetCounters(): void {
    this.requests.length = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const method = req.method ?? 'GET';
    const record: SandboxRequest = {
      method,
      endpoint: endpointOf(url.pathname),
      url: url.pathname + url.search,
      status: 0,
    };
    this.requests.push(record);
    // Bounded: `npm start` runs for days.
    if (this.requests.length > this.requestLogMax)
      this.requests.splice(0, this.requests.length - this.requestLogMax);
    res.on('finish', () => (record.status = res.statusCode));
    try {
      if (this.faults.latencyMs > 0) await sleep(this.faults.latencyMs);
      const fault = this.faults.take(method, url.pathname);
      if (fault && (await this.applyFault(fault, res))) return;
      if (!this.authorized(req.headers.authorization)) {
        return send(res, belvoError(401, { code: 'authentication_failed', message: 'Invalid Secret Keys' }));
      }
      const syncDelete = method === 'DELETE' && req.headers['x-belvo-request-mode'] !== 'async';
      const retryAfterSeconds = this.rateLimits.admit(syncDelete);
      if (retryAfterSeconds !== undefined) {
        res.writeHead(429, { 'retry-after': String(retryAfterSeconds) }).end();
        return;
      }
      const body =
        method === 'POST' || method === 'PATCH' || method === 'PUT' ? await readJson(req) : undefined;
      let answer = await this.route(method, url, body, req);
      if (fault?.kind === 'foreign_next') answer = foreignNext(answer);
      if (fault?.kind === 'contract_drift')
        answer = new HttpAnswer(answer.status, contractDrift(record.endpoint, answer.status, answer.body));
      if (fault?.kind === 'reset_after') {
        res.socket?.destroy();
        return;
      }
      if (fault?.kind === 'server_error_after') {
        answer = belvoError(500, { code: 'unexpected_error', message: 'Unexpected error' });
      }
      send(res, answer);
    } catch (error) {
      if (error instanceof HttpAnswer) return send(res, error);
      send(res, belvoError(500, { code: 'unexpected_error', message: 'Unexpected error' }));
    }
  }

  private authorized(header: string | undefined): boolean {
    const given = Buffer.from(header ?? '');
    return (
      given.length === this.expectedAuthorization.length && timingSafeEqual(given, this.expectedAuthorization)
    );
  }

  /** Returns true when the fault fully answered the request. */
  private async applyFault(fault: Fault, res: ServerResponse): Promise<boolean> {
    const error = (status: number, code: string, message: string, headers: Record<string, string> = {}) => {
      for (const [key, value] of Object.entries(headers)) res.setHeader(key, value);
      send(res, belvoError(status, { code, message }));
      return true;
    };
    switch (fault.kind) {
      case 'server_error':
        return error(500, 'unexpected_error', 'Unexpected error');
      case 'request_timeout':
        return error(408, 'request_timeout', 'The request timed out, ask for less data');
      case 'too_many_sessions':
        return error(400, 'too_many_sessions', FAILURE_MESSAGES.too_many_sessions);
      case 'auth_failure':
        return error(401, 'authentication_failed', 'Invalid Secret Keys');
      case 'rate_limit':
        if (fault.retryAfterSeconds !== undefined)
          res.setHeader('retry-after', String(fault.retryAfterSeconds));
        res.writeHead(429).end();
        return true;
      case 'bad_gateway_html':
        res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
        return true;
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Maintenance</title>');
        return true;
      case 'malformed_json':
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"count": 3, "next": null, "results": [{"id": ');
        return true;
      case 'huge_body': {
        const size = fault.bytes ?? 5 * 1024 * 1024;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`{"padding":"${'x'.repeat(size)}"}`);
        return true;
      }
      case 'slow_headers':
        await sleep(fault.delayMs ?? 1_000);
        return false;
      case 'slow_body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"count": 0, ');
        await sleep(fault.delayMs ?? 1_000);
        res.end('"next": null, "previous": null, "results": []}');
        return true;
      case 'foreign_next':
      case 'contract_drift':
      case 'server_error_after':
      case 'reset_after':
        return false;
    }
  }

  private async route(method: string, url: URL, body: unknown, req: IncomingMessage): Promise<HttpAnswer> {
    const path = url.pathname;
    const segments = path.split('/').filter(Boolean);
    if (!path.endsWith('/')) return notFound();
    if (path === '/api/') return new HttpAnswer(200, { links: `${this.baseUrl}/api/links/` });

    if (segments[1] === 'links') {
      const id = segments[2];
      if (id === undefined) {
        if (method === 'GET') return this.list(this.linksSeen(), url, LINK_FILTERS);
        if (method === 'POST') return this.createLink(body);
      } else if (segments[3] === 'refresh' && segments.length === 4) {
        if (method === 'POST') return this.refreshLink(id, body);
      } else if (segments.length === 3) {
        const state = this.world.links.get(id);
        if (!state) return notFound();
        if (method === 'GET') return new HttpAnswer(200, state.link);
        if (method === 'DELETE') return this.deleteLink(id, req.headers['x-belvo-request-mode'] === 'async');
        if (method === 'PATCH') return this.patchLink(id, body);
        if (method === 'PUT') return this.updateCredentials(id, body);
      } else return notFound();
      return methodNotAllowed();
    }

    const resource =
      segments[1] === 'co' && segments[2] === 'employments'
        ? ('EMPLOYMENTS' as const)
        : segments[1] === 'owners'
          ? ('OWNERS' as const)
          : undefined;
    if (!resource) return notFound();
    const rest = segments.slice(resource === 'EMPLOYMENTS' ? 3 : 2);
    const items = (): Array<{ id: string; link: string }> =>
      resource === 'EMPLOYMENTS' ? this.world.employments : this.world.owners;
    if (rest.length === 0) {
      if (method === 'GET')
        return this.list(items(), url, resource === 'OWNERS' ? OWNER_FILTERS : DATA_FILTERS);
      if (method === 'POST') return this.retrieve(resource, body, items, req);
      return methodNotAllowed();
    }
    if (rest.length !== 1) return notFound();
    const item = items().find((candidate) => candidate.id === rest[0]);
    if (!item) return notFound();
    if (method === 'GET') return new HttpAnswer(200, item);
    if (method === 'DELETE' && resource === 'EMPLOYMENTS') {
      this.world.employments = this.world.employments.filter((candidate) => candidate !== item);
      return new HttpAnswer(204);
    }
    if (method === 'DELETE' && resource === 'OWNERS') {
      this.world.owners = this.world.owners.filter((candidate) => candidate !== item);
      return new HttpAnswer(204);
    }
    return methodNotAllowed();
  }

  private linksSeen() {
    return [...this.world.links.values()].map((state) => state.link);
  }

  private list<T extends object>(items: readonly T[], url: URL, filters: readonly string[]): HttpAnswer {
    try {
      return new HttpAnswer(200, listPage(items, url, filters));
    } catch (error) {
      if (error instanceof InvalidPage)
        return belvoError(404, { code: 'not_found', message: 'Invalid page.' });
      if (error instanceof InvalidFilter)
        return belvoError(400, { code: 'invalid', message: 'Enter a valid value.', field: error.field });
      throw error;
    }
  }

  private createLink(body: unknown): HttpAnswer {
    const valid = validateCreateLink(body);
    if ('code' in valid) return belvoError(400, valid);
    const failure = failureFor(valid.username);
    if (failure) return belvoError(400, { code: failure, message: FAILURE_MESSAGES[failure] });
    return new HttpAnswer(201, this.world.createLink(valid));
  }

  private refreshLink(id: string, body: unknown): HttpAnswer {
    const state = this.world.links.get(id);
    if (!state) return notFound();
    const requested = (body as { fetch_resources?: unknown } | undefined)?.fetch_resources;
    const resources = validateFetchResources(requested ?? state.link.fetch_resources);
    if (!Array.isArray(resources)) return belvoError(400, resources);
    // The webhooks this refresh causes carry the request_id of its 202.
    const requestId = newRequestId();
    if (this.world.refresh(id, resources, requestId) === 'cooldown') {
      return belvoError(409, {
        code: 'link_refreshed',
        message: 'The link was refreshed in the last 10 minutes',
      });
    }
    return new HttpAnswer(202, { request_id: requestId });
  }

  private deleteLink(id: string, async: boolean): HttpAnswer {
    if (!async) {
      this.world.deleteLink(id, false);
      return new HttpAnswer(204);
    }
    const requestId = newRequestId();
    setTimeout(() => this.world.deleteLink(id, true, requestId), 50);
    return new HttpAnswer(202, { request_id: requestId });
  }

  private patchLink(id: string, body: unknown): HttpAnswer {
    const patch = validatePatchLink(body);
    if ('code' in patch) return belvoError(400, patch);
    const state = this.world.links.get(id);
    if (!state) return notFound();
    if (
      patch.access_mode === 'recurrent' &&
      state.link.access_mode !== 'recurrent' &&
      state.link.credentials_storage === 'nostore'
    ) {
      return belvoError(400, {
        code: 'invalid_access_mode_switch',
        message: 'A link without stored credentials cannot become recurrent.',
        field: 'access_mode',
      });
    }
    Object.assign(state.link, patch);
    if (patch.access_mode) state.link.refresh_rate = patch.access_mode === 'recurrent' ? '7d' : null;
    return new HttpAnswer(200, state.link);
  }

  /**
   * `PUT /api/links/{id}/`: new credentials for a link (the recovery after `invalid_credentials`).
   * This institution logs in with the cédula alone, so a username, if sent, must be a cédula.
   */
  private updateCredentials(id: string, body: unknown): HttpAnswer {
    const state = this.world.links.get(id);
    if (!state) return notFound();
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return belvoError(400, { code: 'invalid', message: 'Invalid data. Expected a dictionary.' });
    }
    const username = (body as { username?: unknown }).username;
    if (username !== undefined && (typeof username !== 'string' || !/^\d{6,10}$/.test(username))) {
      return belvoError(400, {
        code: 'invalid',
        message: 'Enter a valid document number.',
        field: 'username',
      });
    }
    if (typeof username === 'string' && username !== state.cedula) {
      return belvoError(400, { code: 'login_error', message: FAILURE_MESSAGES.login_error });
    }
    state.link.status = 'valid';
    state.link.last_accessed_at = new Date().toISOString();
    return new HttpAnswer(200, state.link);
  }

  /** `POST /api/co/employments/` and `POST /api/owners/`: extract now and answer the items. */
  private retrieve(
    resource: 'EMPLOYMENTS' | 'OWNERS',
    body: unknown,
    items: () => Array<{ id: string; link: string }>,
    req: IncomingMessage,
  ): HttpAnswer {
    const today = this.now().toISOString().slice(0, 10);
    const input = validateRetrieve(body, today, resource === 'EMPLOYMENTS');
    if ('code' in input) return belvoError(400, input);
    const state = this.world.links.get(input.link);
    if (!state)
      return belvoError(400, { code: 'does_not_exist', message: 'Link does not exist.', field: 'link' });
    if (req.headers['x-belvo-request-mode'] === 'async') {
      const requestId = newRequestId();
      setTimeout(() => this.world.refresh(state.link.id, [resource], requestId), 0);
      return new HttpAnswer(202, { request_id: requestId });
    }
    // `save_data: false` answers what the institution has now and stores nothing.
    if (!input.save_data) return new HttpAnswer(200, this.world.preview(state.link.id, resource));
    this.world.extractNow(state.link.id, resource);
    return new HttpAnswer(
      201,
      items().filter((item) => item.link === state.link.id),
    );
  }
}

function methodNotAllowed(): HttpAnswer {
  return belvoError(405, { code: 'method_not_allowed', message: 'Method not allowed.' });
}

function foreignNext(answer: HttpAnswer): HttpAnswer {
  const page = answer.body as { next?: string | null } | undefined;
  if (!page || typeof page !== 'object' || !('next' in page)) return answer;
  const next = page.next ? new URL(page.next) : new URL('http://127.0.0.1/api/');
  return new HttpAnswer(answer.status, {
    ...page,
    next: `https://collector.example.net${next.pathname}${next.search}`,
  });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT_BYTES)
      throw belvoError(413, { code: 'request_too_large', message: 'Request body too large.' });
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw belvoError(400, { code: 'parse_error', message: 'JSON parse error.' });
  }
}

function send(res: ServerResponse, answer: HttpAnswer): void {
  if (res.headersSent) return;
  if (answer.body === undefined) {
    res.writeHead(answer.status).end();
    return;
  }
  const json = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}
