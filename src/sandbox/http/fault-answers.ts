/**
 * How an injected fault (faults.ts) shows on the wire. Some answer instead of the endpoint; the
 * rest let the endpoint do its work and then change, replace or drop its answer.
 */
import type { FastifyReply } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { contractDrift } from '../drift.js';
import type { Fault } from '../faults.js';
import { FAILURE_MESSAGES, HttpAnswer, belvoError, sendAnswer, sendText, unexpectedError } from './answer.js';

const JSON_TYPE = 'application/json';
const HTML_TYPE = 'text/html';

const error = (status: number, code: string, message: string) => belvoError(status, { code, message });

/** Faults answered with a Belvo error instead of the endpoint. */
const ERROR_FAULTS: Partial<Record<Fault['kind'], () => HttpAnswer>> = {
  server_error: unexpectedError,
  request_timeout: () => error(408, 'request_timeout', 'The request timed out, ask for less data'),
  too_many_sessions: () => error(400, 'too_many_sessions', FAILURE_MESSAGES.too_many_sessions),
  auth_failure: () => error(401, 'authentication_failed', 'Invalid Secret Keys'),
};

/** Answers the request if the fault replaces the endpoint; true when it did. */
export async function answerFault(fault: Fault, reply: FastifyReply): Promise<boolean> {
  const answer = ERROR_FAULTS[fault.kind]?.();
  if (answer) {
    sendAnswer(reply, answer);
    return true;
  }
  switch (fault.kind) {
    case 'rate_limit':
      if (fault.retryAfterSeconds !== undefined) reply.header('retry-after', String(fault.retryAfterSeconds));
      reply.code(429).send();
      return true;
    case 'bad_gateway_html':
      sendText(reply, 502, HTML_TYPE, '<html><body>502 Bad Gateway</body></html>');
      return true;
    case 'html':
      sendText(reply, 200, HTML_TYPE, '<!doctype html><title>Maintenance</title>');
      return true;
    case 'malformed_json':
      sendText(reply, 200, JSON_TYPE, '{"count": 3, "next": null, "results": [{"id": ');
      return true;
    case 'huge_body':
      sendText(reply, 200, JSON_TYPE, `{"padding":"${'x'.repeat(fault.bytes ?? 5 * 1024 * 1024)}"}`);
      return true;
    case 'slow_headers':
      await sleep(fault.delayMs ?? 1_000);
      return false;
    case 'slow_body':
      await slowBody(reply, fault.delayMs ?? 1_000);
      return true;
    default:
      return false;
  }
}

/** Headers and the start of a page now, the rest later: past the headers, a client's body timeout. */
async function slowBody(reply: FastifyReply, delayMs: number): Promise<void> {
  reply.hijack();
  reply.raw.writeHead(200, { 'content-type': JSON_TYPE });
  reply.raw.write('{"count": 0, ');
  await sleep(delayMs);
  reply.raw.end('"next": null, "previous": null, "results": []}');
}

/** What the endpoint's answer becomes under the fault; `reset` drops the connection instead. */
export function faultedAnswer(
  fault: Fault | undefined,
  endpoint: string,
  answer: HttpAnswer,
): HttpAnswer | 'reset' {
  switch (fault?.kind) {
    case 'foreign_next':
      return foreignNext(answer);
    case 'contract_drift':
      return new HttpAnswer(answer.status, contractDrift(endpoint, answer.status, answer.body));
    case 'reset_after':
      return 'reset';
    case 'server_error_after':
      return unexpectedError();
    default:
      return answer;
  }
}

/** A list page whose `next` points at another origin, where the client must not send its keys. */
function foreignNext(answer: HttpAnswer): HttpAnswer {
  const page = answer.body as { next?: string | null } | undefined;
  if (!page || typeof page !== 'object' || !('next' in page)) return answer;
  const next = page.next ? new URL(page.next) : new URL('http://127.0.0.1/api/');
  return new HttpAnswer(answer.status, {
    ...page,
    next: `https://collector.example.net${next.pathname}${next.search}`,
  });
}
