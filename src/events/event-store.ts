import type { Redis } from 'ioredis';
import { BoundedMap } from '../bounded-map.js';
import { execAll } from '../redis-clients.js';
import { EventCodec } from './event-codec.js';
import type { LinkEventRecord } from './link-event.js';

/**
 * Where webhook effects are made durable: the dedupe claims, the per-link event record replayed to
 * late subscribers, and the day of each link's last employments notification.
 */
export interface EventStore {
  readonly backend: 'memory' | 'redis';
  /** Claims a webhook id atomically; false when it was claimed before (a duplicate delivery). */
  claim(webhookId: string): Promise<boolean>;
  /** Gives a claim back when its effects could not be recorded, so Belvo's redelivery is not a "duplicate". */
  release(webhookId: string): Promise<void>;
  /**
   * Records `day` as the link's latest employments notification and answers the previous one's day.
   * Idempotent per webhook: a redelivery of the same webhook answers the same previous day.
   */
  swapEmploymentsNotice(linkId: string, webhookId: string, day: string): Promise<string | null>;
  append(event: LinkEventRecord): Promise<void>;
  /** The link's recorded events, oldest first. */
  list(linkId: string): Promise<LinkEventRecord[]>;
  /** Forgets everything recorded for a link. */
  purge(linkId: string): Promise<void>;
}

export interface EventStoreLimits {
  /** How long a webhook id is remembered; Belvo's redeliveries span hours, this spans days. */
  dedupeTtlMs: number;
  /** How long a link's event record lives after its last event: long enough for any subscriber to catch up. */
  recordTtlMs: number;
  /** Events kept per link; older ones are dropped first. */
  recordMaxEvents: number;
  /** How long the last notification day is kept: longer than Belvo's monthly refresh rate. */
  noticeTtlMs: number;
}

export const DEFAULT_EVENT_STORE_LIMITS: EventStoreLimits = {
  dedupeTtlMs: 3 * 24 * 60 * 60_000,
  recordTtlMs: 24 * 60 * 60_000,
  recordMaxEvents: 50,
  noticeTtlMs: 45 * 24 * 60 * 60_000,
};

const MEMORY_MAX_WEBHOOKS = 100_000;
const MEMORY_MAX_LINKS = 10_000;

/** What is kept per link for the next `created_at__range`. */
interface Notice {
  day: string;
  webhookId: string;
  previous: string | null;
}

interface Expiring<T> {
  value: T;
  expiresAt: number;
}

/** One process only: what `npm start` uses, and every instance without `REDIS_URL`. */
export class MemoryEventStore implements EventStore {
  readonly backend = 'memory';
  private readonly claims = new BoundedMap<string, number>(MEMORY_MAX_WEBHOOKS);
  private readonly records = new BoundedMap<string, Expiring<LinkEventRecord[]>>(MEMORY_MAX_LINKS);
  private readonly notices = new BoundedMap<string, Expiring<Notice>>(MEMORY_MAX_LINKS);

  constructor(
    private readonly limits: EventStoreLimits = DEFAULT_EVENT_STORE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(webhookId: string): Promise<boolean> {
    const expiresAt = this.claims.get(webhookId);
    if (expiresAt !== undefined && expiresAt > this.now()) return false;
    this.claims.set(webhookId, this.now() + this.limits.dedupeTtlMs);
    return true;
  }

  async release(webhookId: string): Promise<void> {
    this.claims.delete(webhookId);
  }

  async swapEmploymentsNotice(linkId: string, webhookId: string, day: string): Promise<string | null> {
    const current = this.live(this.notices.get(linkId));
    if (current?.webhookId === webhookId) return current.previous;
    const previous = current?.day ?? null;
    this.notices.set(linkId, {
      value: { day, webhookId, previous },
      expiresAt: this.now() + this.limits.noticeTtlMs,
    });
    return previous;
  }

  async append(event: LinkEventRecord): Promise<void> {
    const events = [...(this.live(this.records.get(event.linkId)) ?? []), event];
    this.records.set(event.linkId, {
      value: events.slice(-this.limits.recordMaxEvents),
      expiresAt: this.now() + this.limits.recordTtlMs,
    });
  }

  async list(linkId: string): Promise<LinkEventRecord[]> {
    return [...(this.live(this.records.get(linkId)) ?? [])];
  }

  async purge(linkId: string): Promise<void> {
    this.records.delete(linkId);
    this.notices.delete(linkId);
  }

  private live<T>(entry: Expiring<T> | undefined): T | undefined {
    return entry && entry.expiresAt > this.now() ? entry.value : undefined;
  }
}

const KEY_PREFIX = 'beg:v1:';
/** Keys hold Belvo ids only, never personal data. */
export const eventStoreKeys = {
  claim: (webhookId: string) => `${KEY_PREFIX}webhook:${webhookId}`,
  record: (linkId: string) => `${KEY_PREFIX}events:${linkId}`,
  notice: (linkId: string) => `${KEY_PREFIX}employments-notice:${linkId}`,
};

const SWAP_NOTICE_SCRIPT = `
local current = redis.call('GET', KEYS[1])
local previous = false
if current then
  local notice = cjson.decode(current)
  if notice.webhookId == ARGV[2] then return notice.previous end
  previous = notice.day
end
redis.call('SET', KEYS[1], cjson.encode({ day = ARGV[1], webhookId = ARGV[2], previous = previous }), 'PX', ARGV[3])
return previous`;

/** Shared by every instance on one Redis: a webhook claimed on A is a duplicate on B. */
export class RedisEventStore implements EventStore {
  readonly backend = 'redis';

  constructor(
    private readonly redis: Redis,
    private readonly limits: EventStoreLimits = DEFAULT_EVENT_STORE_LIMITS,
    private readonly codec = new EventCodec(),
  ) {}

  async claim(webhookId: string): Promise<boolean> {
    const reply = await this.redis.set(
      eventStoreKeys.claim(webhookId),
      '1',
      'PX',
      this.limits.dedupeTtlMs,
      'NX',
    );
    return reply === 'OK';
  }

  async release(webhookId: string): Promise<void> {
    await this.redis.del(eventStoreKeys.claim(webhookId));
  }

  async swapEmploymentsNotice(linkId: string, webhookId: string, day: string): Promise<string | null> {
    // One script, so notices racing on two instances each see a distinct predecessor.
    const previous = await this.redis.eval(
      SWAP_NOTICE_SCRIPT,
      1,
      eventStoreKeys.notice(linkId),
      day,
      webhookId,
      this.limits.noticeTtlMs,
    );
    return typeof previous === 'string' ? previous : null;
  }

  async append(event: LinkEventRecord): Promise<void> {
    const key = eventStoreKeys.record(event.linkId);
    await execAll(
      this.redis
        .multi()
        .rpush(key, this.codec.encode(key, event))
        .ltrim(key, -this.limits.recordMaxEvents, -1)
        .pexpire(key, this.limits.recordTtlMs),
    );
  }

  async list(linkId: string): Promise<LinkEventRecord[]> {
    const key = eventStoreKeys.record(linkId);
    const items = await this.redis.lrange(key, 0, -1);
    // An entry that does not open or is malformed (written by something else) is skipped.
    return items
      .map((item) => this.codec.decode(key, item))
      .filter((event): event is LinkEventRecord => event !== null);
  }

  async purge(linkId: string): Promise<void> {
    await this.redis.del(eventStoreKeys.record(linkId), eventStoreKeys.notice(linkId));
  }
}
