import { registerEnumType } from 'type-graphql';

/* Enum values are Belvo's raw strings, so Belvo data flows through untranslated; GraphQL shows the keys. */

export enum LinkStatus {
  VALID = 'valid',
  INVALID = 'invalid',
  UNCONFIRMED = 'unconfirmed',
  TOKEN_REQUIRED = 'token_required',
}

export enum AccessMode {
  SINGLE = 'single',
  RECURRENT = 'recurrent',
}

export enum FetchResource {
  EMPLOYMENTS = 'EMPLOYMENTS',
  OWNERS = 'OWNERS',
}

export enum RefreshRate {
  EVERY_6_HOURS = '6h',
  EVERY_12_HOURS = '12h',
  EVERY_24_HOURS = '24h',
  EVERY_7_DAYS = '7d',
  EVERY_30_DAYS = '30d',
}

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
  },
});

registerEnumType(AccessMode, {
  name: 'AccessMode',
  description: 'How long Belvo keeps the link updated.',
  valuesConfig: {
    SINGLE: { description: 'One extraction; recommended for employment checks.' },
    RECURRENT: { description: 'Belvo refreshes the data periodically and announces new employments.' },
  },
});

registerEnumType(FetchResource, {
  name: 'FetchResource',
  description: 'Which data Belvo extracts for the link.',
  valuesConfig: {
    EMPLOYMENTS: { description: 'Employers and monthly salary rows.' },
    OWNERS: { description: 'The person behind the cédula.' },
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
  },
});
