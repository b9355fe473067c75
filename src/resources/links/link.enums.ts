import { registerEnumType } from 'type-graphql';

import { ACCESS_MODES, FETCH_RESOURCES, LINK_STATUSES, REFRESH_RATES } from '../../belvo/contract/schemas.js';
import { otherValue, sameNames, tolerantEnum } from '../../graphql-kit/tolerant-enum.js';

/*
 * Enum values are Belvo's raw strings, so Belvo data flows through untranslated; GraphQL shows the
 * names. OTHER stands for a value Belvo added that the gateway does not know yet; it is only ever
 * read, never accepted as input (link.validation.ts).
 */

export const LinkStatus = tolerantEnum(LINK_STATUSES, {
  valid: 'VALID',
  invalid: 'INVALID',
  unconfirmed: 'UNCONFIRMED',
  token_required: 'TOKEN_REQUIRED',
});
export type LinkStatus = (typeof LinkStatus)[keyof typeof LinkStatus];

export const AccessMode = tolerantEnum(ACCESS_MODES, { single: 'SINGLE', recurrent: 'RECURRENT' });
export type AccessMode = (typeof AccessMode)[keyof typeof AccessMode];

export const FetchResource = tolerantEnum(FETCH_RESOURCES, sameNames(FETCH_RESOURCES));
export type FetchResource = (typeof FetchResource)[keyof typeof FetchResource];

export const RefreshRate = tolerantEnum(REFRESH_RATES, {
  '6h': 'EVERY_6_HOURS',
  '12h': 'EVERY_12_HOURS',
  '24h': 'EVERY_24_HOURS',
  '7d': 'EVERY_7_DAYS',
  '30d': 'EVERY_30_DAYS',
});
export type RefreshRate = (typeof RefreshRate)[keyof typeof RefreshRate];

registerEnumType(LinkStatus, {
  name: 'LinkStatus',
  description: 'Whether Belvo can use the link.',
  valuesConfig: {
    VALID: { description: 'The link works; data is or will be available.' },
    INVALID: { description: 'The institution refused the credentials; the link must be recreated.' },
    UNCONFIRMED: { description: 'Creation did not finish (for example a token was never given).' },
    TOKEN_REQUIRED: {
      description: 'The institution asks for a token (MFA); not expected for this institution.',
    },
    OTHER: otherValue('statusRaw'),
  },
});

registerEnumType(AccessMode, {
  name: 'AccessMode',
  description: 'How long Belvo keeps the link updated.',
  valuesConfig: {
    SINGLE: { description: 'One extraction; recommended for employment checks.' },
    RECURRENT: { description: 'Belvo refreshes the data periodically and announces new employments.' },
    OTHER: otherValue('accessModeRaw'),
  },
});

registerEnumType(FetchResource, {
  name: 'FetchResource',
  description: 'Which data Belvo extracts for the link.',
  valuesConfig: {
    EMPLOYMENTS: { description: 'Employers and monthly salary rows.' },
    OWNERS: { description: 'The person behind the cédula.' },
    OTHER: otherValue('fetchResourcesRaw'),
  },
});

registerEnumType(RefreshRate, {
  name: 'RefreshRate',
  description: 'How often Belvo refreshes a recurrent link.',
  valuesConfig: {
    EVERY_6_HOURS: { description: 'Every 6 hours.' },
    EVERY_12_HOURS: { description: 'Every 12 hours.' },
    EVERY_24_HOURS: { description: 'Every 24 hours.' },
    EVERY_7_DAYS: { description: 'Every 7 days.' },
    EVERY_30_DAYS: { description: 'Every 30 days.' },
    OTHER: otherValue('refreshRateRaw'),
  },
});
