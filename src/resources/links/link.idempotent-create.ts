import { GraphQLError } from 'graphql';
import {
  INSTITUTION,
  type AccessMode as BelvoAccessMode,
  type BelvoLink,
  type FetchResource as BelvoFetchResource,
} from '../../belvo/contract/types.js';
import { ErrorCode } from '../../errors/error-codes.js';
import { InputRefused, userError, UserErrorCode } from '../../graphql-kit/user-error.js';
import type { GatewayContext } from '../context.js';
import { createAtBelvo, deleteInBackground, findCreated } from './link.belvo-post.js';
import { belvoCredentialsStorage, belvoStaleIn, type CreateLinkInput } from './link.inputs.js';

/** The body of Belvo's `POST /api/links/` for this input. */
const createBody = (input: CreateLinkInput, externalId: string | undefined) => ({
  institution: INSTITUTION,
  username: input.cedula,
  access_mode: input.accessMode as BelvoAccessMode,
  fetch_resources: input.fetchResources as BelvoFetchResource[],
  ...(externalId ? { external_id: externalId } : {}),
  ...(belvoCredentialsStorage(input) ? { credentials_storage: belvoCredentialsStorage(input) } : {}),
  ...(belvoStaleIn(input) ? { stale_in: belvoStaleIn(input) } : {}),
});

/** Creates the link at Belvo and records its owner (and the idempotency key's answer). */
export async function createAndRecord(
  ctx: GatewayContext,
  input: CreateLinkInput,
  externalId: string | undefined,
  key?: string,
): Promise<BelvoLink> {
  const link = await createAtBelvo(ctx, createBody(input, externalId));
  await recordOwner(ctx, link, key);
  ctx.logger.info({ linkId: link.id }, 'link created');
  return link;
}

/**
 * A new link belongs to its creator. If that cannot be recorded (the database is down), nobody but
 * an admin could ever reach it: it is deleted again and the creation fails as retryable.
 */
async function recordOwner(ctx: GatewayContext, link: BelvoLink, key?: string): Promise<void> {
  try {
    await ctx.creations.complete(ctx.principal.id, link, key);
  } catch (error) {
    ctx.logger.error(
      { linkId: link.id, err: (error as Error).message },
      'link ownership not recorded; deleting the link',
    );
    void deleteInBackground(ctx.belvo, ctx.logger, link.id);
    if (key) await ctx.creations.release(ctx.principal.id, key).catch(() => undefined);
    throw new GraphQLError('The link could not be recorded; nothing was kept, try again', {
      extensions: { code: ErrorCode.UNAVAILABLE, retryable: true },
    });
  }
}

/** How often a call waits on another call's creation under the same key. */
const CREATION_POLL_MS = 100;

/**
 * createLink with an idempotency key: the first call to claim the key creates the link; the others
 * (on any instance) wait for it and answer the same link. A call that takes over a creation that
 * stopped without an answer first looks for the link by the external id that creation sent.
 */
export async function createOnce(
  ctx: GatewayContext,
  input: CreateLinkInput,
  key: string,
): Promise<BelvoLink> {
  const principal = ctx.principal.id;
  const waitUntil = Date.now() + ctx.creations.leaseMs;
  for (;;) {
    const claim = await ctx.creations.claim(principal, key, input);
    switch (claim.state) {
      case 'mismatch':
        throw new InputRefused(
          userError(
            ['input', 'idempotencyKey'],
            UserErrorCode.IDEMPOTENCY_KEY_REUSED,
            'This idempotencyKey was already used with a different input',
          ),
        );
      case 'created':
        return ctx.loaders.link.load(claim.linkId);
      case 'claimed': {
        // Any time since the key was first claimed: the earlier attempt's start is not known here.
        const earlier = claim.resumed
          ? await findCreated(ctx, createBody(input, claim.externalId), 0)
          : undefined;
        if (earlier) {
          await recordOwner(ctx, earlier, key);
          return earlier;
        }
        try {
          return await createAndRecord(ctx, input, claim.externalId, key);
        } catch (error) {
          // Belvo refused, or never got the request: nothing was created, the key is free. Otherwise
          // (OUTCOME_UNKNOWN) the claim is handed on, so a retry with this key at once looks the
          // link up by its external id before creating another.
          if (outcomeUnknown(error)) await ctx.creations.handOver(principal, key).catch(() => undefined);
          else await ctx.creations.release(principal, key).catch(() => undefined);
          throw error;
        }
      }
      case 'in-progress':
        if (Date.now() > waitUntil) {
          throw new GraphQLError('A creation with this idempotencyKey is still in progress; retry later', {
            extensions: { code: ErrorCode.CREATION_IN_PROGRESS, retryable: true },
          });
        }
        await new Promise((resolve) => setTimeout(resolve, CREATION_POLL_MS));
    }
  }
}

const outcomeUnknown = (error: unknown) =>
  error instanceof GraphQLError && error.extensions.code === ErrorCode.OUTCOME_UNKNOWN;
