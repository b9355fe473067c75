/**
 * The start of every key and channel the gateway uses in Redis (cached reads, the upstream budget,
 * pub/sub channels): a Redis shared with other programs keeps them apart, and a change to what is
 * stored under them moves to a new version rather than reading an old shape. Here, at the bottom
 * layer, because the Belvo client's budget needs it as much as the cache and the event bus.
 */
export const REDIS_NAMESPACE = 'beg:v1:';

/** `name` inside the gateway's Redis namespace. */
export const redisKey = (name: string) => `${REDIS_NAMESPACE}${name}`;
