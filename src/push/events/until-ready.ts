import type { EventSink, LinkEventStream, PushableStream } from './link-event-stream.js';
import type { LinkEventKind, LinkEventRecord } from '../../store/link-event.js';

/**
 * A link's events reduced to one: the event after which all of `required` have arrived, or the
 * first LINK_ERROR or LINK_DELETED, whichever comes first; then the stream ends. A class, like the
 * stream it wraps, so an unsubscribe while waiting stops the inner stream at once.
 */
export class UntilReady implements AsyncIterableIterator<LinkEventRecord>, PushableStream<LinkEventRecord> {
  private readonly missing: Set<LinkEventKind>;
  private finished = false;

  constructor(
    private readonly inner: LinkEventStream,
    required: Iterable<LinkEventKind>,
  ) {
    this.missing = new Set(required);
  }

  async next(): Promise<IteratorResult<LinkEventRecord, undefined>> {
    while (!this.finished) {
      const item = await this.inner.next();
      if (item.done) break;
      if (this.completes(item.value)) return { done: false, value: item.value };
    }
    return this.return();
  }

  pipe(sink: EventSink<LinkEventRecord>): void {
    this.inner.pipe({
      next: (event) => {
        if (this.finished || !this.completes(event)) return;
        sink.next(event);
        sink.end();
        void this.inner.return();
      },
      end: (error) => {
        if (this.finished) return;
        this.finished = true;
        sink.end(error);
      },
    });
  }

  /** Whether `event` is the one this waits for (and then, that nothing more is). */
  private completes(event: LinkEventRecord): boolean {
    this.missing.delete(event.kind);
    if (this.missing.size === 0 || event.kind === 'LINK_ERROR' || event.kind === 'LINK_DELETED') {
      this.finished = true;
    }
    return this.finished;
  }

  async return(): Promise<IteratorResult<LinkEventRecord, undefined>> {
    this.finished = true;
    await this.inner.return();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
