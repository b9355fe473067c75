import type { Priority } from '../belvo/budget.js';
import type { CallOptions } from '../belvo/http.js';

/**
 * One kind of read that many asks can share a call for: "link X", "employments of link X",
 * "employments of link X stored between two days". An ask is what one caller needs; the kind turns
 * the asks of one batch into one Belvo call (with its pages) and hands each ask its own answer.
 */
export interface ReadKind<A, T> {
  /** A closed set (metric label): link, employments, owners, new-employments. */
  readonly name: string;
  /** Identical asks (same key) share one answer, from any request or push. */
  keyOf(ask: A): string;
  /** One call for `asks` (distinct keys, at most the scheduler's ids per call); answers by key, absent = not found. */
  fetch(asks: A[], call: CallOptions): Promise<Map<string, T>>;
}

export interface ReadOptions {
  priority: Priority;
  /** Epoch ms: an ask still unsent then fails with RATE_LIMITED (its retry-after from the budget). */
  deadline: number;
}
