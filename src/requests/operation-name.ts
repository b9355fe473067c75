/**
 * The longest `operationName` the gateway takes. GraphQL sets no limit, but the name comes back in
 * errors (`Unknown operation named "…"`, over HTTP, WebSocket and SSE alike): without a bound, 90 KB
 * sent is 90 KB answered, to the client and to anything that records responses.
 */
export const MAX_OPERATION_NAME_LENGTH = 128;

/** Why an `operationName` is refused (never quoting it), or undefined: absent, or a short string. */
export function operationNameProblem(operationName: unknown): string | undefined {
  if (operationName === undefined || operationName === null) return undefined;
  if (typeof operationName !== 'string') return 'operationName must be a string';
  if (operationName.length > MAX_OPERATION_NAME_LENGTH) {
    return `operationName must be at most ${MAX_OPERATION_NAME_LENGTH} characters`;
  }
  return undefined;
}
