/**
 * The gateway's own words for the `error_code` of a `LINK` error webhook. Belvo's `error_message`
 * is never kept: it is prose, and prose from the institution's side may name the person (a cédula,
 * a name). A fixed text per code says what the client needs; the code itself is `errorCode`.
 */
const MESSAGES: Readonly<Record<string, string>> = {
  login_error: 'The institution refused the credentials (for this institution, the cédula).',
  invalid_credentials: 'The institution refused the credentials (for this institution, the cédula).',
  token_required: 'The institution asks for a token: the link needs the person again.',
  too_many_sessions: 'A session was already open at the institution for these credentials.',
  institution_down: 'The institution was down.',
  institution_unavailable: 'The institution was unavailable.',
  institution_inactive: 'The institution is inactive.',
  invalid_link: 'Belvo cannot use the link.',
  unconfirmed_link: 'The link is not confirmed.',
  unsupported_operation: 'Belvo does not support this operation for the link.',
  request_timeout: 'The institution took too long to answer.',
  unexpected_error: 'Belvo failed unexpectedly while updating the link.',
};

/** For a code without a text of its own, or none at all. */
export const GENERIC_LINK_ERROR_MESSAGE = 'Belvo could not update the link.';

export function linkErrorMessage(code: string | null): string {
  return (
    (code !== null && Object.hasOwn(MESSAGES, code) ? MESSAGES[code] : undefined) ??
    GENERIC_LINK_ERROR_MESSAGE
  );
}
