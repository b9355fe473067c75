/**
 * Every failure a person can meet, in words, keyed by the gateway's stable error codes
 * (src/errors/error-codes.ts, docs/api.md#errors). The texts are the gateway's meaning, said for
 * the person at the desk; a team translating the app changes this file only.
 */
import { GatewayError, GatewayUnreachable } from './gateway.js';

export interface Failure {
  title: string;
  detail: string;
  /** Shown small, for support: the code, never the cédula. */
  code?: string;
  /** `now`: the same attempt may be sent again at once; `after`: once the countdown ends; `no`: change the input. */
  retry: 'now' | 'after' | 'no';
  retryAfterSeconds?: number;
  /** A problem with the cédula itself: shown at the field, which gets the focus. */
  atCedula?: boolean;
}

/** When the gateway asked to wait but did not say how long. */
const DEFAULT_WAIT_SECONDS = 10;

/** A problem with the input the person can correct, as the gateway answers it next to its field. */
export interface UserError {
  field: string[];
  code: string;
  message: string;
}

/** createLink's answer: the link, or what to correct (read by code and field, never by message text). */
export interface CreateLinkPayload {
  link: { id: string } | null;
  userErrors: UserError[];
}

export function describeUserErrors(errors: readonly UserError[]): Failure {
  const atCedula = errors.find((error) => error.field.join('.') === 'input.cedula');
  if (atCedula?.code === 'CEDULA_REFUSED') {
    return {
      title: 'The institution did not accept this cédula',
      detail:
        'PILA has no records it will give for this number. Check the cédula with the person; if it is right, they may not be registered, or may need to contact their pension or health fund.',
      code: atCedula.code,
      retry: 'no',
      atCedula: true,
    };
  }
  if (atCedula) {
    // A page whose own check is older than the gateway's: the gateway's rule is what counts.
    return {
      title: 'The gateway refused this cédula',
      detail: `${atCedula.message}. Check the number and send it again.`,
      code: atCedula.code,
      retry: 'no',
      atCedula: true,
    };
  }
  return {
    title: 'The gateway refused the request',
    detail: errors.map((error) => error.message).join('. '),
    code: errors[0]?.code,
    retry: 'no',
  };
}

export function describeFailure(error: unknown): Failure {
  if (error instanceof GatewayUnreachable) {
    return {
      title: 'The gateway cannot be reached',
      detail:
        'This page got no answer from the gateway it came from: it may have stopped, or the network is down. Nothing was lost: trying again continues the same request, without creating a second link.',
      retry: 'now',
    };
  }
  if (!(error instanceof GatewayError)) {
    return { title: 'Something went wrong', detail: String(error), retry: 'now' };
  }
  const code = error.code;
  switch (code) {
    case 'INSTITUTION_UNAVAILABLE':
      return {
        title: 'The institution is not answering',
        detail: 'PILA is down or busy right now. Try again in a few minutes.',
        code,
        retry: 'now',
      };
    case 'RATE_LIMITED':
    case 'UNAVAILABLE':
      return {
        title: code === 'RATE_LIMITED' ? 'Too many requests right now' : 'The gateway is busy',
        detail: 'The request was not made. It can be sent again when the countdown ends.',
        code,
        retry: 'after',
        retryAfterSeconds: Math.max(1, Math.ceil(error.retryAfterSeconds ?? DEFAULT_WAIT_SECONDS)),
      };
    case 'OUTCOME_UNKNOWN':
      return {
        title: 'We could not confirm whether the link was created',
        detail:
          'Belvo failed while answering. Trying again is safe: it finds the link if it was created, and never creates a second one.',
        code,
        retry: 'now',
      };
    case 'CREATION_IN_PROGRESS':
      return {
        title: 'This request is still being processed',
        detail:
          'An earlier try of this same request has not finished. Try again in a moment: it will pick up its result.',
        code,
        retry: 'after',
        retryAfterSeconds: 5,
      };
    case 'UPSTREAM_UNAVAILABLE':
    case 'UPSTREAM_TIMEOUT':
    case 'UPSTREAM_BAD_RESPONSE':
      return {
        title: 'Belvo is not answering properly',
        detail: 'The gateway could not get an answer it can use from Belvo. Try again in a moment.',
        code,
        retry: 'now',
      };
    case 'UNAUTHENTICATED':
      return {
        title: 'This gateway needs an API key',
        detail:
          'It requires client authentication, which this reference app does not send: serve the app from a backend that adds the key (docs/reference-app.md).',
        code,
        retry: 'no',
      };
    case 'FORBIDDEN':
      return {
        title: 'This page may not call the gateway',
        detail: 'The address this page was opened at is not one of the gateway’s origins (ALLOWED_ORIGINS).',
        code,
        retry: 'no',
      };
    default:
      return {
        title: 'Something went wrong',
        detail:
          'The gateway could not complete the request. Try again; if it keeps failing, quote the code below.',
        code,
        retry: 'now',
      };
  }
}

/** How the wait ended when it did not end with data (LinkReadiness.outcome, errorReason). */
export function describeOutcome(outcome: string, reason: string | null): Failure {
  if (outcome === 'DELETED') {
    return {
      title: 'The link was deleted while we waited',
      detail: 'Someone deleted it at Belvo or through the gateway. Start again to make a new one.',
      code: outcome,
      retry: 'no',
    };
  }
  if (reason === 'TOKEN_REQUIRED') {
    return {
      title: 'The institution asks for an extra verification',
      detail: 'PILA wants a token this app cannot provide. The person needs to go through the institution.',
      code: `${outcome} · ${reason}`,
      retry: 'no',
    };
  }
  if (reason === 'OTHER') {
    // A reason the gateway does not know: not a verdict on the cédula.
    return {
      title: 'Belvo could not read the records',
      detail: 'The link failed for a reason this app does not know yet. Try again later.',
      code: `${outcome} · ${reason}`,
      retry: 'no',
    };
  }
  return {
    title: 'The institution refused the cédula while reading the records',
    detail:
      'Belvo created the link, but PILA did not accept the credentials. Check the cédula with the person and start again.',
    code: `${outcome} · ${reason ?? 'no reason given'}`,
    retry: 'no',
    atCedula: true,
  };
}
