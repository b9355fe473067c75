import type { LinkEventStream } from './link-event-stream.js';
import type { LinkEventKind, LinkEventRecord } from '../store/link-event.js';

/**
 * A link's events reduced to one: the event after which all of `required` have arrived, or the
 * first LINK_ERROR or LINK_DELETED, whichever comes first; then the stream ends. A class, like the
 * stream it wraps, so an unsubscribe while waiting stops the inner stream at once.
 */
export class UntilReady implements AsyncIterableIterator<LinkEventRecord> {
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
      const event = item.value;
      this.missing.delete(event.kind);
      if (this.missing.size === 0 || event.kind === 'LINK_ERROR' || event.kind === 'LINK_DELETED') {
        this.finished = true;
        return { done: false, value: event };
      }
    }
    return this.return();
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
