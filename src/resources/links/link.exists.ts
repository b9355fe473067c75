import { InvalidItemError } from '../../belvo/errors.js';
import type { GatewayContext } from '../context.js';

/**
 * For root fields that read a link's data by its id (`employments(linkId)`, `owners(linkId)`): fails
 * with NOT_FOUND unless the link exists at Belvo and the caller may see it, as `link(id)` would.
 * The link's body itself is not needed: when Belvo sent it malformed (the loader's
 * InvalidItemError), Belvo has the link and access was already checked before it was read, so the
 * data, which may well be valid, is still answered.
 */
export async function assertLinkVisible(ctx: GatewayContext, linkId: string): Promise<void> {
  try {
    await ctx.loaders.link.load(linkId);
  } catch (error) {
    if (!(error instanceof InvalidItemError)) throw error;
  }
}
