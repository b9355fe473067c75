import { describe, expect, it } from 'vitest';
import { InvalidEnvelopeError, linkErrorOf, parseEnvelope } from './envelope.js';

const CEDULA = '1020304050';
const PROSE = `Credenciales inválidas para María José Pérez Gómez, CC ${CEDULA}`;

/** The contract's fixture for a LINK error webhook. */
const linkError = (overrides: Record<string, unknown> = {}) => ({
  webhook_id: '1f2e3d4c5b6a4978a6b5c4d3e2f1a0b9',
  webhook_type: 'LINK',
  process_type: 'recurrent_update',
  webhook_code: 'invalid_credentials',
  link_id: '0b6f0c84-6c1e-4b5e-9a7e-3f2d1c0b9a88',
  request_id: 'c3d4e5f6-a7b8-4c9d-0e1f-2a3b4c5d6e7f',
  external_id: 'onboarding_user_1042',
  data: { error_code: 'login_error', error_message: 'Invalid credentials provided', status: 400 },
  ...overrides,
});

describe('parseEnvelope', () => {
  it("keeps Belvo's fields as sent when they have the contract's shape", () => {
    const parsed = parseEnvelope(linkError());
    expect(parsed).toMatchObject({
      webhookId: '1f2e3d4c5b6a4978a6b5c4d3e2f1a0b9',
      processType: 'recurrent_update',
      requestId: 'c3d4e5f6-a7b8-4c9d-0e1f-2a3b4c5d6e7f',
      externalId: 'onboarding_user_1042',
      kind: 'LINK_ERROR',
    });
    expect(parseEnvelope(linkError({ request_id: '0123456789abcdef0123456789ABCDEF' })).requestId).toBe(
      '0123456789abcdef0123456789ABCDEF',
    );
  });

  it.each([
    ['a request_id that is not a Belvo id', { request_id: `req-${CEDULA}` }, 'requestId'],
    ['a request_id of free text', { request_id: PROSE }, 'requestId'],
    ['an external_id with spaces and accents', { external_id: 'María Pérez' }, 'externalId'],
    ['an external_id of 2 characters', { external_id: 'ab' }, 'externalId'],
    ['an external_id of 257 characters', { external_id: 'a'.repeat(257) }, 'externalId'],
    ['an external_id of free text', { external_id: PROSE }, 'externalId'],
    ['a process_type of free text', { process_type: PROSE }, 'processType'],
  ])('accepts %s, and reads it as null', (_, overrides, key) => {
    const parsed = parseEnvelope(linkError(overrides));
    expect(parsed[key as 'requestId' | 'externalId' | 'processType']).toBeNull();
    expect(JSON.stringify(parsed)).not.toMatch(/1020304050|María|Pérez/);
  });

  it('keeps an external_id at both ends of the pattern', () => {
    expect(parseEnvelope(linkError({ external_id: 'a-_' })).externalId).toBe('a-_');
    expect(parseEnvelope(linkError({ external_id: 'A'.repeat(256) })).externalId).toBe('A'.repeat(256));
  });

  it('still refuses a text field of the wrong JSON type', () => {
    expect(() => parseEnvelope(linkError({ external_id: 42 }))).toThrow(InvalidEnvelopeError);
    expect(() => parseEnvelope(linkError({ request_id: { id: CEDULA } }))).toThrow(/request_id/);
  });

  it('keeps a webhook id not shaped like Belvo’s only as a hash, the same on every delivery', () => {
    const parsed = parseEnvelope(linkError({ webhook_id: CEDULA }));
    expect(parsed.webhookId).toMatch(/^sha256:[0-9a-f]{32}$/);
    expect(parseEnvelope(linkError({ webhook_id: CEDULA })).webhookId).toBe(parsed.webhookId);
    expect(parseEnvelope(linkError({ webhook_id: '1020304051' })).webhookId).not.toBe(parsed.webhookId);
  });
});

describe('linkErrorOf', () => {
  it("keeps Belvo's error code and never reads error_message", () => {
    const error = linkErrorOf(
      parseEnvelope(linkError({ data: { error_code: 'login_error', error_message: PROSE } })),
    );
    expect(error).toEqual({ reason: 'invalid_credentials', code: 'login_error' });
  });

  it('drops an error_code that is not a code', () => {
    for (const code of [PROSE, CEDULA, 'María_Pérez', 42]) {
      const error = linkErrorOf(
        parseEnvelope(linkError({ data: { error_code: code, error_message: PROSE } })),
      );
      expect(error).toEqual({ reason: 'invalid_credentials', code: null });
    }
  });
});
