import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RateLimiter } from '../security/rate-limiter.js';
import type { AddressMatcher } from '../security/address-ranges.js';
import { equalsAnySecret } from '../security/constant-time.js';
import { forwardedSender } from '../security/forwarded-sender.js';
import type { Logger } from '../observability/logger.js';
import { InvalidEnvelopeError } from '../webhooks/envelope.js';
import { LinkEventsCappedError } from '../store/event-limits.js';
import type { WebhookReceipt } from '../webhooks/receive-webhook.js';
import { isJsonRequest } from '../requests/require-json.js';
import { WebhookErrorCode } from '../errors/error-codes.js';
import { WEBHOOK_PATH } from '../requests/paths.js';

/** Belvo's envelopes are a few hundred bytes; anything near this is not Belvo. */
export const WEBHOOK_BODY_LIMIT_BYTES = 16 * 1024;
/** When the event could not be recorded: Belvo redelivers, and the redelivery is not lost. */
const RETRY_AFTER_SECONDS = 5;

export interface WebhookRouteOptions {
  /** Accepted `Authorization` values; empty means the route is open (embedded mode, tests). */
  authorizations: readonly string[];
  /** Where webhooks may come from (WEBHOOK_ALLOWED_CIDRS); absent means from anywhere. */
  allowedSenders?: AddressMatcher;
  /** Proxies in front that append to `X-Forwarded-For` (see forwardedSender). */
  trustedProxies: number;
  /** Spent by each post with a wrong Authorization, per source address; empty means 429 to wrong ones only. */
  authFailures: RateLimiter;
  receive: (body: unknown) => Promise<WebhookReceipt>;
  /** Told every outcome, refusals included (for metrics). */
  onOutcome?: (kind: string, outcome: string) => void;
  logger: Logger;
}

/**
 * `POST /webhooks/belvo`. Answers within a few milliseconds: all it does is record and publish.
 * Refusals carry a JSON reason; every refusal is checked before the body is read, except size,
 * JSON syntax and envelope shape.
 */
export async function registerWebhookRoute(fastify: FastifyInstance, options: WebhookRouteOptions) {
  const refuse: Refuse = (reply, status, code, message, outcome = code.toLowerCase()) => {
    options.onOutcome?.('unknown', outcome);
    return reply.code(status).send({ error: { code, message } });
  };
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', (request, reply) => admitWebhook(request, reply, options, refuse));
    scope.setErrorHandler((error: FastifyError, _request, reply) =>
      answerWebhookError(error, reply, options.logger, refuse),
    );
    scope.post(WEBHOOK_PATH, { bodyLimit: WEBHOOK_BODY_LIMIT_BYTES }, async (request) => {
      const receipt = await options.receive(request.body);
      options.onOutcome?.(receipt.kind, receipt.outcome);
      return { status: receipt.outcome };
    });
  });
}

/** Answers a refusal and counts it, by default under its code in lower case. */
type Refuse = (
  reply: FastifyReply,
  status: number,
  code: WebhookErrorCode,
  message: string,
  outcome?: string,
) => FastifyReply;

/** Before the body is read: the sender's address, its Authorization (a wrong one within its budget), then JSON. */
async function admitWebhook(
  request: FastifyRequest,
  reply: FastifyReply,
  options: WebhookRouteOptions,
  refuse: Refuse,
) {
  const sender = forwardedSender(
    request.socket.remoteAddress,
    request.headers['x-forwarded-for'],
    options.trustedProxies,
  );
  const authorized =
    options.authorizations.length === 0 ||
    equalsAnySecret(request.headers.authorization, options.authorizations);
  if (options.allowedSenders && !options.allowedSenders(sender)) {
    // The address is outside data and is not logged; whether the value was right tells an operator
    // that Belvo itself was refused (a new sending address: update the list), not a stranger.
    options.logger.warn({ authorized }, 'webhook refused: sender address not in WEBHOOK_ALLOWED_CIDRS');
    const message = 'Webhooks are not accepted from this address';
    const outcome = authorized ? 'forbidden_authorized' : 'forbidden';
    return refuse(reply, 403, WebhookErrorCode.FORBIDDEN, message, outcome);
  }
  if (!authorized) {
    // Only wrong values are limited: Belvo's deliveries often share an address (a proxy, a NAT)
    // with whoever sends wrong ones, and must never wait behind them. The limit sheds and flags
    // wrong senders; the value's length is what makes guessing it hopeless (docs/webhooks.md).
    const address = sender ?? request.ip;
    const budget = options.authFailures.take(address);
    if (!budget.allowed) {
      void reply.header('retry-after', String(budget.retryAfterSeconds));
      const message = 'Too many webhooks with a wrong Authorization; slow down';
      return refuse(reply, 429, WebhookErrorCode.TOO_MANY_REQUESTS, message);
    }
    options.logger.warn('webhook refused: wrong or missing Authorization');
    const message = 'The Authorization header does not match the configured value';
    return refuse(reply, 401, WebhookErrorCode.UNAUTHORIZED, message);
  }
  if (!isJsonRequest(request)) {
    const message = 'Webhook bodies must be application/json (UTF-8)';
    return refuse(reply, 415, WebhookErrorCode.UNSUPPORTED_MEDIA_TYPE, message);
  }
}

/** After it: a malformed envelope, size or JSON is the sender's fault; anything else, retry later. */
async function answerWebhookError(error: FastifyError, reply: FastifyReply, logger: Logger, refuse: Refuse) {
  if (error instanceof InvalidEnvelopeError) {
    logger.warn({ reason: error.message }, 'webhook refused: malformed envelope');
    return refuse(reply, 400, WebhookErrorCode.INVALID_ENVELOPE, error.message);
  }
  if (error instanceof LinkEventsCappedError) {
    // Nothing was recorded: Belvo delivers it again once the link's window has room.
    void reply.header('retry-after', String(error.retryAfterSeconds));
    const message = 'Too many events for this link; deliver this one again later';
    return refuse(reply, 429, WebhookErrorCode.TOO_MANY_REQUESTS, message, 'capped');
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const message = `Webhook bodies are limited to ${WEBHOOK_BODY_LIMIT_BYTES} bytes`;
    return refuse(reply, 413, WebhookErrorCode.PAYLOAD_TOO_LARGE, message);
  }
  if (error.statusCode === 400) {
    return refuse(reply, 400, WebhookErrorCode.INVALID_JSON, 'The body is not valid JSON');
  }
  logger.error({ err: error }, 'webhook could not be recorded; the sender will retry');
  void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return refuse(reply, 503, WebhookErrorCode.UNAVAILABLE, 'The event could not be recorded; retry later');
}
