import type { EventBus } from './event-bus.js';
import { unavailableIn } from '../../kit/unavailable.js';
import type { EventLog } from '../../store/event-log.js';
import { isFinal, type LinkEventRecord } from '../../store/link-event.js';

/** Where a stream in push mode hands its events, synchronously, as the bus delivers them. */
export interface EventSink<T> {
  next(event: T): void;
  /** No event follows: the stream ended (after its final event), or failed with `error`. */
  end(error?: unknown): void;
}

/**
 * A stream that can push instead of being pulled: the WebSocket path writes each event's frame in
 * the turn the bus delivers it, where pulling costs a few promise hops per subscriber per event.
 */
export interface PushableStream<T> {
  /** Hands every event from now on to `sink` (queued ones first); `next()` is not called after. */
  pipe(sink: EventSink<T>): void;
}

export interface LinkEventStream
  extends AsyncIterableIterator<LinkEventRecord>, PushableStream<LinkEventRecord> {
  /** Stops the stream at once, even while a `next()` is waiting, and detaches its listener. */
  return(): Promise<IteratorResult<LinkEventRecord>>;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** Waits between replay attempts while the log is unavailable: doubling from the first, up to the cap. */
const REPLAY_RETRY_FIRST_MS = 100;
const REPLAY_RETRY_CAP_MS = 2_000;

type StreamSources = { bus: EventBus; log: EventLog };

/**
 * A link's events for one subscriber: first those in the log (after `afterCursor`, when resuming),
 * then live ones, each exactly once. Listening starts before the log is read, so an event arriving
 * in between is caught live and recognised when the log also holds it. Ends after the link's deletion.
 *
 * A small class rather than an async generator (which cannot be stopped while it awaits, so an
 * unsubscribe would keep its listener until some event came) or a Repeater (several promises per
 * event): with ten thousand subscribers, per-subscriber time and memory are what count.
 */
class ReplayingStream implements LinkEventStream {
  private readonly queue: LinkEventRecord[] = [];
  /** Made with the first event: an idle subscription holds no empty Set (its table is ~100 bytes). */
  private delivered: Set<string> | undefined;
  /** Live events that arrived during the replay; they follow it, so the order stays record-then-live. */
  private held: LinkEventRecord[] | undefined = [];
  private waiting: ((result: IteratorResult<LinkEventRecord>) => void) | undefined;
  private failure: { error: unknown } | undefined;
  private sink: EventSink<LinkEventRecord> | undefined;
  private ended = false;
  private readonly stopListening: () => void;
  private readonly replayed: Promise<void>;
  /** The newest cursor offered: after a bus outage, the log is read again from here. */
  private newest: bigint | undefined;
  /** The pause before the next replay attempt, while the log is unavailable. */
  private retryWait: { timer: NodeJS.Timeout; resolve: () => void } | undefined;

  constructor(
    linkId: string,
    events: StreamSources,
    private readonly accept: (event: LinkEventRecord) => boolean,
    private readonly afterCursor: bigint | undefined,
    private readonly gone: boolean,
  ) {
    const stopLive = events.bus.listen(linkId, (event) =>
      this.held ? this.held.push(event) : this.offer(event),
    );
    const stopCatchingUp = events.bus.onReconnect(
      (confirmed) => void this.catchUp(linkId, events, confirmed),
    );
    this.stopListening = () => {
      stopLive();
      stopCatchingUp();
    };
    this.replayed = this.replay(linkId, events);
  }

  /**
   * After a bus outage: the events recorded meanwhile were answered 503 to Belvo and published to
   * nobody, but they are in the log. Read it again after the newest cursor offered, live events
   * held meanwhile and following, so the stream stays in cursor order with nothing missed.
   */
  private async catchUp(linkId: string, events: StreamSources, confirmed: Promise<void>): Promise<void> {
    if (this.ended || this.held) return; // a replay is reading the log already
    this.held = [];
    try {
      await confirmed;
      const logged = await this.readLog(linkId, events.log, this.newest ?? this.afterCursor);
      for (const event of logged ?? []) this.offer(event);
    } catch {
      // The log failed for good: what it holds comes with a redelivery or the next resume.
    } finally {
      const held = this.held ?? [];
      this.held = undefined;
      for (const event of held) this.offer(event);
    }
  }

  private async replay(linkId: string, events: StreamSources): Promise<void> {
    try {
      await events.bus.ready();
      const logged = await this.readLog(linkId, events.log, this.afterCursor);
      if (!logged) return; // stopped while the log was away
      for (const event of logged) this.offer(event);
      const held = this.held ?? [];
      this.held = undefined;
      for (const event of held) this.offer(event);
      // A deleted link has nothing more to say: a resume at or after its deletion ends here.
      if (this.gone) this.finish();
    } catch (error) {
      this.failure = { error };
      this.stopListening();
      this.sink?.end(error);
    }
  }

  /**
   * The link's logged events. While the log is unavailable (the database restarting) the read is
   * tried again, backing off, for as long as the subscriber stays: a restart must not end every
   * stream. Live events meanwhile are held and follow the replay. Undefined once stopped.
   */
  private async readLog(
    linkId: string,
    log: EventLog,
    afterCursor: bigint | undefined,
  ): Promise<LinkEventRecord[] | undefined> {
    const after = afterCursor === undefined ? undefined : String(afterCursor);
    for (let wait = REPLAY_RETRY_FIRST_MS; ; wait = Math.min(wait * 2, REPLAY_RETRY_CAP_MS)) {
      try {
        return await log.list(linkId, after);
      } catch (error) {
        if (!unavailableIn(error)) throw error;
      }
      if (this.ended) return undefined;
      // Jittered, so the streams of a whole instance do not come back at the same instant.
      await new Promise<void>((resolve) => {
        this.retryWait = { timer: setTimeout(resolve, wait / 2 + Math.random() * (wait / 2)), resolve };
      });
      this.retryWait = undefined;
      if (this.ended) return undefined;
    }
  }

  pipe(sink: EventSink<LinkEventRecord>): void {
    for (const event of this.queue.splice(0)) sink.next(event);
    if (this.failure) return sink.end(this.failure.error);
    // Ended by its final event, or by `return()`: nothing more will be offered.
    if (this.ended) return sink.end();
    this.sink = sink;
  }

  private offer(event: LinkEventRecord): void {
    if (this.ended || this.delivered?.has(event.id)) return;
    const cursor = BigInt(event.cursor);
    // A live event the resuming client already saw before it reconnected.
    if (this.afterCursor !== undefined && cursor <= this.afterCursor) return;
    (this.delivered ??= new Set()).add(event.id);
    if (this.newest === undefined || cursor > this.newest) this.newest = cursor;
    if (this.accept(event)) {
      const waiting = this.waiting;
      if (this.sink) this.sink.next(event);
      else if (waiting) {
        this.waiting = undefined;
        waiting({ done: false, value: event });
      } else this.queue.push(event);
    }
    if (isFinal(event)) this.finish();
  }

  /** Nothing more will come: what is queued is still delivered, then the stream ends. */
  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.stopListening();
    this.sink?.end();
    // A subscriber waiting while the final event was not one it wants would otherwise wait forever.
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(DONE);
  }

  async next(): Promise<IteratorResult<LinkEventRecord>> {
    await this.replayed;
    if (this.failure) throw this.failure.error;
    const queued = this.queue.shift();
    if (queued) return { done: false, value: queued };
    if (this.ended) return DONE;
    return new Promise((resolve) => (this.waiting = resolve));
  }

  async return(): Promise<IteratorResult<LinkEventRecord>> {
    this.queue.length = 0;
    this.end();
    return DONE;
  }

  async throw(error: unknown): Promise<IteratorResult<LinkEventRecord>> {
    this.end();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private end(): void {
    this.ended = true;
    this.sink = undefined; // stopped by its subscriber, who needs no word of it
    this.stopListening(); // idempotent
    if (this.retryWait) {
      clearTimeout(this.retryWait.timer);
      this.retryWait.resolve(); // the replay sees `ended` and stops
    }
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(DONE);
  }
}

export function linkEventStream(
  linkId: string,
  events: StreamSources,
  options: {
    /** Which events this subscriber wants; the others are skipped (the final one still ends the stream). */
    accept?: (event: LinkEventRecord) => boolean;
    /** Resume exactly after this cursor (a decimal integer, already validated). */
    afterCursor?: string;
    /** The link is deleted: the stream ends after its replay (which holds the deletion, unless resumed past it). */
    gone?: boolean;
  } = {},
): LinkEventStream {
  const after = options.afterCursor === undefined ? undefined : BigInt(options.afterCursor);
  return new ReplayingStream(linkId, events, options.accept ?? (() => true), after, options.gone ?? false);
}
