import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { errorFromResponse } from '../belvo/errors.js';
import { formatError, maskedErrorForLog } from './graphql-errors.js';

describe('what the log says about a masked error', () => {
  it.each([
    ['String cannot represent value: { full: "María Gómez 1020304050" }', 'String cannot represent value.'],
    ['Enum "LinkStatus" cannot represent value: "1020304050"', 'Enum "LinkStatus" cannot represent value'],
    [
      'DateTime cannot represent an invalid date-time-string María Gómez 1020304050.',
      'DateTime cannot represent an invalid date-time-string.',
    ],
    ['Value is not a valid UUID: 1020304050', 'Value is not a valid UUID.'],
  ])('keeps the reason of %j and drops the value', (message, logged) => {
    const entry = maskedErrorForLog(new GraphQLError(message));
    expect(entry.message).toBe(logged);
    expect(JSON.stringify(entry)).not.toMatch(/María|1020304050/);
  });

  it('says only the kind of a thrown non-Error', () => {
    expect(maskedErrorForLog({ cedula: '1020304050' })).toEqual({
      type: 'object',
      message: 'a non-Error value was thrown',
    });
  });
});

describe("a Belvo 400's message", () => {
  const echoing = [
    {
      request_id: '0123456789abcdef0123456789abcdef',
      code: 'invalid',
      field: 'username',
      message: 'The username 1020304050 is not valid',
    },
  ];

  it('is dropped at the client boundary', () => {
    const error = errorFromResponse(400, echoing);
    expect(error.message).not.toContain('1020304050');
    expect(error).toMatchObject({
      belvoCode: 'invalid',
      field: 'username',
      requestId: '0123456789abcdef0123456789abcdef',
    });
  });

  it("is replaced by the gateway's own words per code and field", () => {
    const formatted = formatError({ message: 'x', path: ['createLink'] }, errorFromResponse(400, echoing), {
      stackTraces: false,
    });
    expect(formatted).toMatchObject({
      message: 'Belvo refused the request: username is not valid',
      extensions: {
        code: 'BAD_USER_INPUT',
        belvoCode: 'invalid',
        belvoRequestId: '0123456789abcdef0123456789abcdef',
        field: 'username',
      },
    });
  });

  it('keeps codes and fields only when they look like identifiers', () => {
    const error = errorFromResponse(400, [{ code: 'bad code 1020304050', field: 'user name 1020304050' }]);
    expect(error.belvoCode).toBeUndefined();
    expect(error.field).toBeUndefined();
  });
});

describe('suggestions, when hidden', () => {
  const hidden = (message: string) =>
    formatError({ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, new GraphQLError(message), {
      stackTraces: false,
      hideSuggestions: true,
    }).message;

  it.each([
    [
      'Cannot query field "statu" on type "Link". Did you mean "status"?',
      'Cannot query field "statu" on type "Link".',
    ],
    [
      'Unknown argument "idd" on field "Query.link". Did you mean "id" or "ids"?',
      'Unknown argument "idd" on field "Query.link".',
    ],
    ['Unknown type "Lnk". Did you mean "Link"?', 'Unknown type "Lnk".'],
    [
      'Value "SINGL" does not exist in "AccessMode" enum. Did you mean the enum value "SINGLE"?',
      'The value does not exist in "AccessMode" enum.',
    ],
    [
      'Variable "$i" got invalid value { cedul: "1" }; Field "cedul" is not defined by type "CreateLinkInput". Did you mean "cedula"?',
      'Variable "$i" got an invalid value; Field "cedul" is not defined by type "CreateLinkInput".',
    ],
  ])('drops them from %j', (message, shown) => {
    expect(hidden(message)).toBe(shown);
  });

  it('are kept when not configured to hide', () => {
    const message = 'Cannot query field "statu" on type "Link". Did you mean "status"?';
    expect(
      formatError({ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, undefined, {
        stackTraces: false,
      }).message,
    ).toBe(message);
  });
});
