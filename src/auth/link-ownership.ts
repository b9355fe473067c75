import type { Redis } from 'ioredis';
import { BoundedMap } from '../bounded-map.js';
import { execAll } from '../redis-clients.js';

/** Links listed per principal (newest first); older ones stay owned, they just leave `links`. */
export const MAX_LISTED_LINKS = 1_000;
/** Ownership outlives any sensible link; renewed whenever the owner records it again. */
const OWNERSHIP_TTL_MS = 400 * 24 * 60 * 60_000;
const MEMORY_MAX_LINKS = 200_000;

/**
 * Which principal created each link through the gateway. Reads of a link another principal owns,
 * or that nobody recorded (created outside the gateway), answer NOT_FOUND unless the caller is admin.
 */
export interface LinkOwnership {
  record(linkId: string, principalId: string): Promise<void>;
  ownersOf(linkIds: readonly string[]): Promise<Array<string | undefined>>;
  /** The principal's links, newest first, at most MAX_LISTED_LINKS. */
  linksOf(principalId: string): Promise<string[]>;
  forget(linkId: string): Promise<void>;
}

export class MemoryLinkOwnership implements LinkOwnership {
  private readonly owners = new BoundedMap<string, string>(MEMORY_MAX_LINKS);
  private readonly listed = new Map<string, string[]>();

  async record(linkId: string, principalId: string): Promise<void> {
    this.owners.set(linkId, principalId);
    const links = this.listed.get(principalId) ?? [];
    this.listed.set(principalId, [linkId, ...links.filter((id) => id !== linkId)].slice(0, MAX_LISTED_LINKS));
  }

  async ownersOf(linkIds: readonly string[]): Promise<Array<string | undefined>> {
    return linkIds.map((id) => this.owners.get(id));
  }

  async linksOf(principalId: string): Promise<string[]> {
    return (this.listed.get(principalId) ?? []).filter((id) => this.owners.get(id) === principalId);
  }

  async forget(linkId: string): Promise<void> {
    const owner = this.owners.get(linkId);
    this.owners.delete(linkId);
    if (owner)
      this.listed.set(
        owner,
        (this.listed.get(owner) ?? []).filter((id) => id !== linkId),
      );
  }
}

const ownerKey = (linkId: string) => `beg:v1:owner:${linkId}`;
const listKey = (principalId: string) => `beg:v1:owned:${principalId}`;

/** Shared by all instances: a link created through A is readable by its owner through B. */
export class RedisLinkOwnership implements LinkOwnership {
  constructor(private readonly redis: Redis) {}

  async record(linkId: string, principalId: string): Promise<void> {
    const list = listKey(principalId);
    await execAll(
      this.redis
        .multi()
        .set(ownerKey(linkId), principalId, 'PX', OWNERSHIP_TTL_MS)
        .lrem(list, 0, linkId)
        .lpush(list, linkId)
        .ltrim(list, 0, MAX_LISTED_LINKS - 1)
        .pexpire(list, OWNERSHIP_TTL_MS),
    );
  }

  async ownersOf(linkIds: readonly string[]): Promise<Array<string | undefined>> {
    if (linkIds.length === 0) return [];
    const owners = await this.redis.mget(linkIds.map(ownerKey));
    return owners.map((owner) => owner ?? undefined);
  }

  async linksOf(principalId: string): Promise<string[]> {
    return this.redis.lrange(listKey(principalId), 0, MAX_LISTED_LINKS - 1);
  }

  async forget(linkId: string): Promise<void> {
    const owner = await this.redis.get(ownerKey(linkId));
    const multi = this.redis.multi().del(ownerKey(linkId));
    if (owner) multi.lrem(listKey(owner), 0, linkId);
    await multi.exec();
  }
}
