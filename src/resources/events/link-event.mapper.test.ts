import { describe, expect, it } from 'vitest';
import type { LinkEventRecord } from '../../store/link-event.js';
import { toLinkEventValue } from './link-event.mapper.js';

const linkError = (reason: string): LinkEventRecord => ({
  id: 'a'.repeat(32),
  cursor: '7',
  kind: 'LINK_ERROR',
  linkId: '0b6f0c84-6c1e-4b5e-9a7e-3f2d1c0b9a88',
  receivedAt: '2026-12-07T12:00:00.000Z',
  processType: 'recurrent_update',
  requestId: null,
  externalId: null,
  count: null,
  error: { reason, code: 'login_error' },
  newSince: null,
});

describe('a recorded LINK_ERROR, as GraphQL reads it', () => {
  it.each([
    ['invalid_credentials', 'invalid_credentials'],
    ['token_required', 'token_required'],
  ])('keeps a documented reason (%s)', (reason, value) => {
    expect(toLinkEventValue(linkError(reason))).toMatchObject({ reason: value, reasonRaw: reason });
  });

  it('reads a reason it does not know as OTHER with the code as sent, never as INVALID_CREDENTIALS', () => {
    expect(toLinkEventValue(linkError('mfa_expired'))).toMatchObject({
      reason: 'OTHER',
      reasonRaw: 'mfa_expired',
    });
  });
});
