import { describe, expect, it } from 'vitest';
import { envelopeProblem, webhookEnvelopeSchema } from './webhook.js';

/** The contract's fixture for an owners historical update. */
const ownersUpdate = {
  webhook_id: '9a8b7c6d5e4f4a3b2c1d0e9f8a7b6c5d',
  webhook_type: 'OWNERS',
  process_type: 'historical_update',
  webhook_code: 'historical_update',
  link_id: '0b6f0c84-6c1e-4b5e-9a7e-3f2d1c0b9a88',
  request_id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  external_id: 'onboarding_user_1042',
  data: { total_owners: 1 },
};

const problemOf = (body: unknown) => {
  const parsed = webhookEnvelopeSchema.safeParse(body);
  return parsed.success ? undefined : envelopeProblem(parsed.error);
};

describe('the webhook envelope schema', () => {
  it("reads the contract's envelope as sent", () => {
    expect(webhookEnvelopeSchema.parse(ownersUpdate)).toEqual(ownersUpdate);
  });

  it('tolerates fields Belvo may add, at the top and in data', () => {
    const tomorrow = {
      ...ownersUpdate,
      institution: 'pila_co_employment',
      data: { total_owners: 1, pages: 2 },
    };
    expect(problemOf(tomorrow)).toBeUndefined();
    expect(webhookEnvelopeSchema.parse(tomorrow).data).toEqual({ total_owners: 1, pages: 2 });
  });

  it('reads missing process_type, request_id, external_id and data as null and {}', () => {
    const optional = ['process_type', 'request_id', 'external_id', 'data'];
    const bare = Object.fromEntries(Object.entries(ownersUpdate).filter(([key]) => !optional.includes(key)));
    expect(webhookEnvelopeSchema.parse(bare)).toMatchObject({
      process_type: null,
      request_id: null,
      external_id: null,
      data: {},
    });
  });

  it.each([
    ['a list', [ownersUpdate], 'the body must be a JSON object'],
    ['null', null, 'the body must be a JSON object'],
    [
      'no webhook_id',
      { ...ownersUpdate, webhook_id: undefined },
      'webhook_id must be 8–64 letters, digits, "-" or "_"',
    ],
    [
      'a webhook_type with a space',
      { ...ownersUpdate, webhook_type: 'OWN ERS' },
      'webhook_type must be a name like EMPLOYMENTS',
    ],
    ['a link_id that is no UUID', { ...ownersUpdate, link_id: '1020304050' }, 'link_id must be a UUID'],
    ['data that is a list', { ...ownersUpdate, data: [1] }, 'data must be a JSON object'],
    [
      'a request_id that is a number',
      { ...ownersUpdate, request_id: 7 },
      'request_id must be a string or null',
    ],
    ['two problems', { ...ownersUpdate, link_id: 'x', external_id: 3 }, 'link_id must be a UUID'],
  ])('refuses %s, naming the first problem', (_, body, problem) => {
    expect(problemOf(body)).toBe(problem);
  });
});
