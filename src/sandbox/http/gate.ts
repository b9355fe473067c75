/**
 * What happens to every request before its endpoint, in Belvo's order: it is logged, delayed by
 * the injected latency, answered by an injected fault, refused without the keys, refused past the
 * rate limit; only then is its body read. After the endpoint, a fault may still change its answer.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { endpointOf } from '../../belvo/contract/endpoints.js';
import { equalsAnySecret } from '../../security/constant-time.js';
import type { Fault, Faults } from '../faults.js';
import type { RateLimits } from '../rate-limits.js';
import { authenticationFailed, sendAnswer, type HttpAnswer } from './answer.js';
import { answerFault, faultedAnswer } from './fault-answers.js';

export interface SandboxRequest {
  method: string;
  /** Path with ids replaced by `{id}`, e.g. `/api/links/{id}/`. */
  endpoint: string;
  /** Path and query as received. */
  url: string;
  /** 0 until answered, and for a connection dropped without an answer. */
  status: number;
}

export interface GateOptions {
  secretId: string;
  secretPassword: string;
  faults: Faults;
  rateLimits: RateLimits;
  /** Told of every request as it arrives; its status is filled in once answered. */
  log: (request: SandboxRequest) => void;
}

export class RequestGate {
  private readonly authorization: string;
  /** The fault each request drew, kept for what it does after the endpoint. */
  private readonly faultOf = new WeakMap<FastifyRequest, Fault>();

  constructor(private readonly options: GateOptions) {
    const keys = Buffer.from(`${options.secretId}:${options.secretPassword}`).toString('base64');
    this.authorization = `Basic ${keys}`;
  }

  /** A fastify onRequest hook: it runs before the body is read, as Belvo's checks do. */
  readonly onRequest = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const { faults, rateLimits } = this.options;
    const target = targetOf(request);
    this.record(request, reply, target);
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const fault = faults.take(request.method, target.pathname);
    if (fault && (await answerFault(fault, reply))) return;
    if (fault) this.faultOf.set(request, fault);
    if (!equalsAnySecret(request.headers.authorization, [this.authorization])) {
      sendAnswer(reply, authenticationFailed());
      return;
    }
    const syncDelete = request.method === 'DELETE' && request.headers['x-belvo-request-mode'] !== 'async';
    const retryAfterSeconds = rateLimits.admit(syncDelete);
    if (retryAfterSeconds !== undefined)
      reply.code(429).header('retry-after', String(retryAfterSeconds)).send();
  };

  /** Sends the endpoint's answer, as the request's fault (if any) has it. */
  readonly respond = (request: FastifyRequest, reply: FastifyReply, answer: HttpAnswer): FastifyReply => {
    const faulted = faultedAnswer(this.faultOf.get(request), endpointOf(targetOf(request).pathname), answer);
    if (faulted !== 'reset') return sendAnswer(reply, faulted);
    reply.hijack();
    request.raw.socket.destroy();
    return reply;
  };

  private record(request: FastifyRequest, reply: FastifyReply, { pathname, search }: URL): void {
    const entry: SandboxRequest = {
      method: request.method,
      endpoint: endpointOf(pathname),
      url: pathname + search,
      status: 0,
    };
    this.options.log(entry);
    // On the raw response: a dropped connection never finishes, and keeps its 0.
    reply.raw.on('finish', () => (entry.status = reply.raw.statusCode));
  }
}

/** The path and query as a URL parser reads them (dot segments resolved), as Belvo's router would. */
const targetOf = (request: FastifyRequest) => new URL(request.url, 'http://sandbox');
