import { GraphQLError } from 'graphql';
import type { BelvoClient } from '../../belvo/client.js';
import { BelvoError, BelvoErrorCode, InvalidItemError, isOutage } from '../../belvo/errors.js';
import { backoffDelayMs } from '../../belvo/retry.js';
import type { BelvoLink, CreateLinkBody } from '../../belvo/contract/types.js';
import type { GatewayContext } from '../context.js';
import type { Logger } from '../../observability/logger.js';
import { generatedExternalId } from './external-id.js';
import { ErrorCode } from '../../errors/error-codes.js';

/*
 * `POST /api/links/` is not idempotent and is never retried: when it fails in a way that may have
 * created the link anyway (a 5xx, a reset connection, a timeout, a garbled answer), the gateway
 * asks Belvo by the external id it always sends, and adopts what it finds. A client told "try
 * again" without that would create a second link holding the same person's data.
 */

/** Links created this long before our attempt (clocks differ) may still be the one we created. */
const CLOCK_SKEW_MS = 2 * 60_000;

export async function createAtBelvo(ctx: GatewayContext, body: CreateLinkBody): Promise<BelvoLink> {
  const sent: CreateLinkBody = { ...body, external_id: body.external_id ?? generatedExternalId() };
  const startedAt = Date.now();
  try {
    return await ctx.belvo.createLink(sent);
  } catch (error) {
    if (!mayHaveCreated(error)) throw error;
    const code = (error as BelvoError).code;
    ctx.logger.warn(
      { code, status: (error as BelvoError).status },
      'link creation outcome unknown; looking it up',
    );
    const found = await findCreated(ctx, sent, startedAt).catch((lookup: unknown) => {
      ctx.logger.warn({ code: (lookup as BelvoError).code }, 'link creation lookup failed');
      return undefined;
    });
    if (found) {
      ctx.logger.info({ linkId: found.id }, 'link created despite a failed answer; adopted');
      return found;
    }
    throw new GraphQLError(
      'Belvo did not confirm whether the link was created, and it could not be found; retrying is safe',
      { extensions: { code: ErrorCode.OUTCOME_UNKNOWN, retryable: true } },
    );
  }
}

/** Failures after which the link may exist at Belvo; refusals before sending (circuit, budget) and 4xx may not. */
function mayHaveCreated(error: unknown): boolean {
  if (!(error instanceof BelvoError)) return false;
  switch (error.code) {
    case BelvoErrorCode.BELVO_NETWORK_ERROR:
    case BelvoErrorCode.BELVO_TIMEOUT:
    case BelvoErrorCode.BELVO_INVALID_RESPONSE:
    case BelvoErrorCode.BELVO_RESPONSE_TOO_LARGE:
      return true;
    case BelvoErrorCode.BELVO_API_ERROR:
      return (error.status ?? 500) >= 500;
    default:
      return false;
  }
}

/**
 * The link this attempt created: same external id, created since the attempt began, and owned by
 * nobody yet — a client's own external id may be reused, and another principal's link must never
 * be adopted. More than one candidate is not a guess worth making.
 */
export async function findCreated(
  ctx: GatewayContext,
  sent: CreateLinkBody,
  startedAt: number,
): Promise<BelvoLink | undefined> {
  const links = await ctx.belvo.allLinks({ external_id: sent.external_id, institution: sent.institution });
  const recent = links.filter(
    (link): link is BelvoLink =>
      !(link instanceof InvalidItemError) &&
      (link.created_at === null || Date.parse(link.created_at) >= startedAt - CLOCK_SKEW_MS),
  );
  const owners = await ctx.store.links.ownersOf(recent.map((link) => link.id));
  const unowned = recent.filter((_, index) => owners[index] === undefined);
  return unowned.length === 1 ? unowned[0] : undefined;
}

/** Longest pause between two tries of a background delete. */
const MAX_DELETE_BACKOFF_MS = 5 * 60_000;

/**
 * Deletes a link the gateway created but cannot keep, retrying in the background until Belvo
 * confirms (a 429 waits its Retry-After, an outage backs off). Every failed try is logged with the
 * link id, and a refusal that will not get better is logged as an orphan, so none is left silently.
 */
export function deleteInBackground(
  belvo: BelvoClient,
  logger: Logger,
  linkId: string,
  attempt = 0,
): Promise<void> {
  return belvo.deleteLink(linkId, { priority: 'background' }).then(
    () => logger.info({ linkId }, 'abandoned link deleted at Belvo'),
    (error: unknown) => {
      const failure = error instanceof BelvoError ? error : undefined;
      if (failure?.status === 404) return; // already gone
      const transient =
        failure !== undefined &&
        (isOutage(failure) ||
          failure.code === BelvoErrorCode.BELVO_BUDGET_EXHAUSTED ||
          failure.status === 429 ||
          failure.status === 408);
      if (!transient) {
        logger.error(
          { linkId, code: failure?.code, status: failure?.status },
          'link orphaned at Belvo: delete it by hand',
        );
        return;
      }
      const delayMs = Math.min(
        MAX_DELETE_BACKOFF_MS,
        failure.retryAfterMs ?? backoffDelayMs(attempt, 1_000) + 1_000,
      );
      logger.warn(
        { linkId, code: failure.code, status: failure.status, attempt, retryInMs: delayMs },
        'abandoned link not deleted at Belvo yet; retrying in the background',
      );
      setTimeout(() => void deleteInBackground(belvo, logger, linkId, attempt + 1), delayMs).unref();
    },
  );
}
