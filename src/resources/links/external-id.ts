import { randomBytes } from 'node:crypto';

/**
 * An opaque reference for links created without one: `gw_` + 144 random bits, never personal data.
 * Always sent, so an ambiguous create can be looked up (link.belvo-post.ts).
 */
export const generatedExternalId = () => `gw_${randomBytes(18).toString('base64url')}`;
