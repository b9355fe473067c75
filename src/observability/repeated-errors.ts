import type { Logger } from './logger.js';

export interface RepeatedErrorsOptions {
  /** How often a streak of the same failure is summarised in one line. */
  summaryIntervalMs: number;
  /** What failed, for the log lines: e.g. "Redis connection". */
  subject: string;
}

interface Streak {
  /** Errors since the last line written about this source. */
  unreported: number;
  total: number;
  since: number;
  code: string;
}

/**
 * An unreachable dependency fails the same way every few hundred milliseconds, per connection.
 * Logging each one buries everything else (and, with stack traces, fills disks): the first error
 * of a streak is logged, then one summary per interval while it lasts, then one line when it ends.
 */
export class RepeatedErrors {
  private readonly streaks = new Map<string, Streak>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly logger: Logger,
    private readonly options: RepeatedErrorsOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => this.summarise(), options.summaryIntervalMs);
    this.timer.unref();
  }

  /** One failure of `source` (e.g. a connection's role). Only its code and message are logged. */
  failed(source: string, error: unknown): void {
    const code = errorCode(error);
    const streak = this.streaks.get(source);
    if (streak) {
      streak.unreported++;
      streak.total++;
      streak.code = code;
      return;
    }
    this.streaks.set(source, { unreported: 0, total: 1, since: this.now(), code });
    this.logger.warn(
      { source, code, err: error instanceof Error ? error.message : undefined },
      `${this.options.subject} failing; repeats are summarised every ${Math.round(this.options.summaryIntervalMs / 1000)} s`,
    );
  }

  /** `source` works again: ends its streak with one line. */
  recovered(source: string): void {
    const streak = this.streaks.get(source);
    if (!streak) return;
    this.streaks.delete(source);
    this.logger.info(
      { source, failures: streak.total, forMs: this.now() - streak.since },
      `${this.options.subject} restored`,
    );
  }

  /** Whether `source` is in a streak of failures right now. */
  failing(source: string): boolean {
    return this.streaks.has(source);
  }

  close(): void {
    clearInterval(this.timer);
  }

  private summarise(): void {
    for (const [source, streak] of this.streaks) {
      if (streak.unreported === 0) continue;
      this.logger.warn(
        { source, code: streak.code, failures: streak.unreported, forMs: this.now() - streak.since },
        `${this.options.subject} still failing`,
      );
      streak.unreported = 0;
    }
  }
}

/** A stable, value-free label: the errno code for network errors, else the error's class. */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z_0-9]{2,40}$/.test(code)) return code;
  return error instanceof Error ? error.name : 'unknown';
}
