import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from '../kit/unavailable.js';
import { asDatabaseFailure } from '../store/connection-failures.js';
import { ErrorCode } from './error-codes.js';
import { formatError } from './graphql-errors.js';

/** pg's errors as the driver throws them: a refused connection, a server shutting down. */
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5441'), {
  code: 'ECONNREFUSED',
  address: '127.0.0.1',
  port: 5441,
  syscall: 'connect',
});
const shutdown = Object.assign(new Error('terminating connection due to administrator command'), {
  code: '57P01',
  severity: 'FATAL',
});

const format = (thrown: unknown, stackTraces = true) =>
  formatError(
    { message: (thrown as Error).message, path: ['link'], extensions: { stacktrace: ['at somewhere'] } },
    thrown,
    { stackTraces },
  );

const UNAVAILABLE = { code: ErrorCode.UNAVAILABLE, retryable: true, retryAfterSeconds: 2 };

describe('a dependency that is away, as clients see it', () => {
  it.each([
    ['refused', refused],
    ['shutting down', shutdown],
    ['out of connections', new Error('timeout exceeded when trying to connect')],
    ['a connection lost mid-transaction', new Error('Connection terminated unexpectedly')],
  ])('the database %s: UNAVAILABLE, retryable, with a delay, and nothing of the driver', (_, error) => {
    const translated = asDatabaseFailure(error);
    // As a resolver throws it (with a path), and as graphql-ws wraps a failed stream (without).
    for (const thrown of [
      new GraphQLError('x', { path: ['link'], originalError: translated as Error }),
      new GraphQLError((translated as Error).message, { originalError: translated as Error }),
    ]) {
      const sent = format(thrown);
      expect(sent.extensions).toEqual(UNAVAILABLE);
      expect(sent.message).toMatch(/database is unavailable/);
      expect(JSON.stringify(sent)).not.toMatch(/5441|127\.0\.0\.1|ECONNREFUSED|terminat|timeout|stack/i);
    }
  });

  it('keeps a constraint violation what it is: a bug, masked, never "retry"', () => {
    const unique = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
    });
    expect(asDatabaseFailure(unique)).toBe(unique);
    expect(format(unique, false).extensions).toEqual({ code: ErrorCode.INTERNAL_SERVER_ERROR });
  });

  it('Redis giving up on a command: UNAVAILABLE too', () => {
    const gaveUp = new Error('Reached the max retries per request limit (which is 1).');
    Object.defineProperty(gaveUp, 'name', { value: 'MaxRetriesPerRequestError' });
    const sent = format(new GraphQLError('x', { path: ['link'], originalError: gaveUp }));
    expect(sent.extensions).toEqual(UNAVAILABLE);
    expect(sent.message).toMatch(/shared cache is unavailable/);
  });

  it('an UNAVAILABLE raised by a resolver says when to come back as well', () => {
    const raised = new GraphQLError('The link could not be recorded; nothing was kept, try again', {
      extensions: { code: ErrorCode.UNAVAILABLE, retryable: true },
    });
    expect(formatError(raised.toJSON(), raised, { stackTraces: false }).extensions).toEqual(UNAVAILABLE);
  });

  it('names the driver code, never its text, in the error the gateway logs', () => {
    const translated = asDatabaseFailure(refused) as DependencyUnavailableError;
    expect(translated).toBeInstanceOf(DependencyUnavailableError);
    expect(translated).toMatchObject({ dependency: 'database', code: 'ECONNREFUSED', cause: refused });
    expect(translated.message).toBe('the database is unavailable (ECONNREFUSED)');
  });
});
