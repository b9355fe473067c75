import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { redisKey } from '../kit/redis-namespace.js';
import type { BucketSpec, TakeAnswer, TokenStore } from './token-store.js';

/*
 * The budget's tokens in Redis, shared by every instance that talks to Belvo with the same keys
 * (Belvo's limit is per client). One sorted set per bucket: member = token id, score = when its
 * call ended (or, in flight, the latest it can end). Redis's own clock is used, so instances with
 * skewed clocks still agree. Each script runs atomically: check every bucket, then take from all.
 */

const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local paused = redis.call('PTTL', KEYS[1])
if paused > 0 then return {0, paused} end
local wait = -1
for i = 2, #KEYS do
  local limit = tonumber(ARGV[i * 2 - 1])
  local window = tonumber(ARGV[i * 2])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  local count = redis.call('ZCARD', KEYS[i])
  if count >= limit then
    local entry = redis.call('ZRANGE', KEYS[i], count - limit, count - limit, 'WITHSCORES')
    local frees = tonumber(entry[2]) + window - now
    if frees > wait then wait = frees end
  end
end
if wait >= 0 then return {0, math.max(1, wait)} end
local hold = tonumber(ARGV[2])
for i = 2, #KEYS do
  redis.call('ZADD', KEYS[i], now + hold, ARGV[1])
  -- The set outlives its longest-held token; a shorter hold must not cut an earlier one short.
  local ttl = hold + tonumber(ARGV[i * 2])
  if redis.call('PTTL', KEYS[i]) < ttl then redis.call('PEXPIRE', KEYS[i], ttl) end
end
return {1, 0}
`;

const FINISH = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 1, #KEYS do redis.call('ZADD', KEYS[i], 'XX', now, ARGV[1]) end
return 1
`;

const DOWN = new Set(['reconnecting', 'close', 'end']);

type Eval = (script: string, keys: number, ...args: Array<string | number>) => Promise<unknown>;

export class RedisTokenStore implements TokenStore {
  private readonly prefix: string;
  private readonly run: Eval;

  /** `account` identifies the Belvo client (its secret id); only a hash of it is in the key. */
  constructor(redis: Redis, account: string) {
    const hash = createHash('sha256').update(account).digest('base64url').slice(0, 16);
    this.prefix = redisKey(`budget:${hash}:`);
    this.run = (script, keys, ...args) => {
      // Lost and reconnecting: fail now, so the budget counts in process instead of every Belvo
      // call waiting out a command timeout first. (A first connection is still waited for.)
      if (DOWN.has(redis.status)) return Promise.reject(new Error(`Redis is ${redis.status}`));
      return redis.eval(script, keys, ...args);
    };
  }

  async take(buckets: readonly BucketSpec[], tokenId: string, holdMs: number): Promise<TakeAnswer> {
    const args = [tokenId, Math.ceil(holdMs), ...buckets.flatMap((b) => [b.limit, b.windowMs])];
    const [granted, waitMs] = (await this.run(
      TAKE,
      buckets.length + 1,
      this.key('pause'),
      ...buckets.map((b) => this.key(b.name)),
      ...args,
    )) as [number, number];
    return granted === 1 ? { granted: true } : { granted: false, waitMs: Number(waitMs) };
  }

  async finish(buckets: readonly BucketSpec[], tokenId: string): Promise<void> {
    await this.run(FINISH, buckets.length, ...buckets.map((b) => this.key(b.name)), tokenId);
  }

  async cancel(buckets: readonly BucketSpec[], tokenId: string): Promise<void> {
    await Promise.all(buckets.map((bucket) => this.runZrem(bucket, tokenId)));
  }

  async pause(ms: number): Promise<void> {
    // Never shortens a longer pause another instance set.
    await this.run(
      `local left = redis.call('PTTL', KEYS[1])
       if left < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
       return 1`,
      1,
      this.key('pause'),
      Math.max(1, Math.ceil(ms)),
    );
  }

  private runZrem(bucket: BucketSpec, tokenId: string): Promise<unknown> {
    return this.run(`return redis.call('ZREM', KEYS[1], ARGV[1])`, 1, this.key(bucket.name), tokenId);
  }

  private key(name: string): string {
    return `${this.prefix}${name}`;
  }
}
