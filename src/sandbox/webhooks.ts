import type { WebhookEnvelope } from '../belvo/contract/types.js';

export interface WebhookTarget {
  url: string;
  /** Sent verbatim as the Authorization header, as Belvo does. */
  authorization?: string;
}

export interface DeliveryAttempt {
  webhookId: string;
  webhookType: string;
  webhookCode: string;
  attempt: number;
  status: number | 'error';
}

const MAX_ATTEMPTS = 5;
const DELIVERY_TIMEOUT_MS = 5_000;
/** Attempts remembered by default: `npm start` runs for days, webhooks keep coming. */
export const ATTEMPT_LOG_MAX = 10_000;

/**
 * Posts webhooks like Belvo: at-least-once, up to five tries with linear backoff on anything but
 * a 2xx. Keeps a log of the latest attempts so tests can count deliveries: bounded, the oldest
 * forgotten first and counted in `forgottenAttempts`.
 */
export class WebhookSender {
  target: WebhookTarget | undefined;
  /** The latest `attemptLogMax` attempts, oldest first. */
  readonly attempts: DeliveryAttempt[] = [];
  /** Attempts dropped from the front of `attempts` to keep it within its bound. */
  forgottenAttempts = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private closed = false;

  constructor(
    private readonly retryDelayMs: number,
    private readonly attemptLogMax = ATTEMPT_LOG_MAX,
  ) {}

  send(envelope: WebhookEnvelope): void {
    void this.deliver(envelope, 1);
  }

  private async deliver(envelope: WebhookEnvelope, attempt: number): Promise<void> {
    const target = this.target;
    if (!target || this.closed) return;
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), DELIVERY_TIMEOUT_MS);
    let status: number | 'error' = 'error';
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(target.authorization ? { authorization: target.authorization } : {}),
        },
        body: JSON.stringify(envelope),
        signal: controller.signal,
      });
      status = response.status;
      await response.arrayBuffer();
    } catch {
      status = 'error';
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
    this.record({
      webhookId: envelope.webhook_id,
      webhookType: envelope.webhook_type,
      webhookCode: envelope.webhook_code,
      attempt,
      status,
    });
    const delivered = typeof status === 'number' && status >= 200 && status < 300;
    if (!delivered && attempt < MAX_ATTEMPTS && !this.closed) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.deliver(envelope, attempt + 1);
      }, this.retryDelayMs * attempt);
      this.timers.add(timer);
    }
  }

  private record(attempt: DeliveryAttempt): void {
    this.attempts.push(attempt);
    const excess = this.attempts.length - this.attemptLogMax;
    if (excess > 0) {
      this.attempts.splice(0, excess);
      this.forgottenAttempts += excess;
    }
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    for (const controller of this.inFlight) controller.abort();
    this.timers.clear();
  }
}
