import type { z } from 'zod';
import { BelvoError, BelvoErrorCode, InvalidItemError } from './errors.js';

/**
 * What failed in a body Belvo sent, for the log: where (endpoint, item index, field path) and what
 * kind of value was found instead of what was expected. Never a value: the body holds a person's
 * name, salary and cédula.
 */
export interface InvalidBodyReport {
  endpoint: string;
  /** Index in the page's `results` when one list item failed; absent when the whole body did. */
  item?: number;
  issues: Array<{ path: string; problem: string; expected?: string; received: string }>;
}

type Report = ((report: InvalidBodyReport) => void) | undefined;

/** The whole body must match: a mismatch is BELVO_INVALID_RESPONSE (UPSTREAM_BAD_RESPONSE). */
export function checkBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
  endpoint: string,
  report: Report,
): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  report?.({ endpoint, issues: describeIssues(result.error, body) });
  throw new BelvoError(
    BelvoErrorCode.BELVO_INVALID_RESPONSE,
    `Belvo answered ${endpoint} with a body of an unexpected shape`,
  );
}

/** One list item: a mismatch fails only this item, which stays in the list as an error. */
export function checkItem<S extends z.ZodType>(
  schema: S,
  item: unknown,
  index: number,
  endpoint: string,
  report: Report,
): z.output<S> | InvalidItemError {
  const result = schema.safeParse(item);
  if (result.success) return result.data;
  report?.({ endpoint, item: index, issues: describeIssues(result.error, item) });
  return new InvalidItemError(endpoint, stringAt(item, 'id'), stringAt(item, 'link'));
}

function describeIssues(error: z.ZodError, input: unknown): InvalidBodyReport['issues'] {
  return error.issues.slice(0, 10).map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    problem: issue.code,
    ...('expected' in issue && typeof issue.expected === 'string' ? { expected: issue.expected } : {}),
    received: kindOf(valueAt(input, issue.path)),
  }));
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The JSON kind of a value, the only thing about it that may be logged. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Ids are not personal data; they let a bad item stand in the right place (its link's list). */
function stringAt(item: unknown, key: string): string | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const value = (item as Record<string, unknown>)[key];
  return typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value) ? value : undefined;
}
