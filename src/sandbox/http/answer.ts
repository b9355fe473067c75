/** What the simulator answers: a status and Belvo's JSON, sent byte for byte. */
import type { FastifyReply } from 'fastify';
import type { BelvoErrorItem } from '../../belvo/contract/types.js';
import type { ValidationFailure } from '../validation.js';
import { newRequestId } from '../world.js';

/** A status and a JSON body, or none (a 204, and a 429 as Belvo sends it). */
export class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body?: unknown,
  ) {}
}

/** An answer decided before any route ran (e.g. while reading the body), carried to the error handler. */
export class AnswerError extends Error {
  constructor(readonly answer: HttpAnswer) {
    super(`simulator answer ${answer.status}`);
  }
}

/** Belvo's error body: an array of one item with a fresh request_id. */
export const belvoError = (status: number, failure: ValidationFailure) =>
  new HttpAnswer(status, [{ request_id: newRequestId(), ...failure } satisfies BelvoErrorItem]);

export const notFound = () => belvoError(404, { code: 'not_found', message: 'Not found.' });

export const methodNotAllowed = () =>
  belvoError(405, { code: 'method_not_allowed', message: 'Method not allowed.' });

export const unexpectedError = () =>
  belvoError(500, { code: 'unexpected_error', message: 'Unexpected error' });

export const authenticationFailed = () =>
  belvoError(401, { code: 'authentication_failed', message: 'Invalid Secret Keys' });

export const FAILURE_MESSAGES = {
  login_error: 'Invalid credentials provided to login to the institution',
  institution_down: 'The financial institution is down, try again later',
  too_many_sessions: 'Impossible to create a new session, try again later',
} as const;

/**
 * Sends `text` as it is. As a Buffer, because fastify appends `; charset=utf-8` to a JSON content
 * type given with a string, and Belvo's answers say `application/json` alone.
 */
export function sendText(
  reply: FastifyReply,
  status: number,
  contentType: string,
  text: string,
): FastifyReply {
  return reply.code(status).header('content-type', contentType).send(Buffer.from(text));
}

export function sendAnswer(reply: FastifyReply, answer: HttpAnswer): FastifyReply {
  if (answer.body === undefined) return reply.code(answer.status).send();
  return sendText(reply, answer.status, 'application/json', JSON.stringify(answer.body));
}
