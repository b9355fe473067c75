import { describe, expect, it } from 'vitest';
import { errorFromResponse } from './errors.js';

const CEDULA = '1020304050';
const body = (item: Record<string, unknown>) => [{ message: `The username ${CEDULA} is not valid`, ...item }];

describe('errorFromResponse', () => {
  it("keeps Belvo's request_id when it is Belvo's: 32 hex digits, or a UUID", () => {
    for (const requestId of ['0123456789abcdef0123456789abcdef', 'c3d4e5f6-a7b8-4c9d-0e1f-2a3b4c5d6e7f']) {
      expect(errorFromResponse(400, body({ code: 'invalid', request_id: requestId })).requestId).toBe(
        requestId,
      );
    }
  });

  it.each([`req-${CEDULA}`, CEDULA, '0123456789abcdef0123456789abcde', `María Pérez ${CEDULA}`])(
    'omits a request_id such as %s',
    (requestId) => {
      const error = errorFromResponse(400, body({ code: 'invalid', request_id: requestId }));
      expect(error.requestId).toBeUndefined();
      expect(error.belvoCode).toBe('invalid');
    },
  );

  it('keeps codes and field names shaped like Belvo’s, and drops anything else', () => {
    const kept = errorFromResponse(400, body({ code: 'invalid', field: 'created_at__range' }));
    expect(kept).toMatchObject({ belvoCode: 'invalid', field: 'created_at__range' });
    const dropped = errorFromResponse(400, body({ code: `cc_${CEDULA}`, field: 'María Pérez' }));
    expect(dropped).toMatchObject({ belvoCode: undefined, field: undefined });
    expect(dropped.message).toBe('Belvo answered HTTP 400');
  });

  it("never carries Belvo's message", () => {
    const error = errorFromResponse(400, body({ code: 'invalid', field: 'username' }));
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(CEDULA);
  });
});
