/**
 * Fault injection for tests and benchmarks. Queued faults hit the next matching requests
 * (deterministic, for tests); `latencyMs` and `errorRate` apply to every request (for benchmarks).
 */

export type FaultKind =
  | 'server_error' // 500 unexpected_error
  | 'bad_gateway_html' // 502 with an HTML body, as a proxy in front of Belvo would send
  | 'rate_limit' // 429, with Retry-After when retryAfterSeconds is set
  | 'request_timeout' // 408 request_timeout
  | 'too_many_sessions' // 400 too_many_sessions
  | 'auth_failure' // 401 authentication_failed, as if our keys were revoked
  | 'malformed_json' // 200 with a truncated JSON body
  | 'html' // 200 with an HTML body
  | 'slow_headers' // waits delayMs before answering at all
  | 'slow_body' // sends headers, then the body after delayMs
  | 'huge_body' // 200 with a JSON body of `bytes` bytes
  | 'foreign_next' // a list page whose `next` points at another origin
  | 'contract_drift' // Belvo's contract at its edges: nulls, unknown values and keys, a bad item (drift.ts)
  | 'server_error_after' // does the work (e.g. creates the link), then answers 500 anyway
  | 'reset_after'; // does the work, then drops the connection without an answer

export interface Fault {
  kind: FaultKind;
  /** How many matching requests it hits; default 1. */
  times?: number;
  /** Only requests whose "METHOD /path" starts with this, e.g. "GET /api/links/". */
  match?: string;
  retryAfterSeconds?: number;
  delayMs?: number;
  bytes?: number;
}

export class Faults {
  latencyMs = 0;
  /** Share of requests (0..1) answered with a 500, drawn from `random`. */
  errorRate = 0;
  private queue: Array<Fault & { remaining: number }> = [];

  constructor(private readonly random: () => number = Math.random) {}

  inject(fault: Fault): void {
    this.queue.push({ ...fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.queue = [];
    this.latencyMs = 0;
    this.errorRate = 0;
  }

  /** The fault for this request, if any; consumes one use of a queued fault. */
  take(method: string, path: string): Fault | undefined {
    const target = `${method} ${path}`;
    const queued = this.queue.find((fault) => !fault.match || target.startsWith(fault.match));
    if (queued) {
      queued.remaining -= 1;
      if (queued.remaining <= 0) this.queue.splice(this.queue.indexOf(queued), 1);
      return queued;
    }
    if (this.errorRate > 0 && this.random() < this.errorRate) return { kind: 'server_error' };
    return undefined;
  }
}
