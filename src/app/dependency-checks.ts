import type { BelvoClient } from '../belvo/client.js';
import {
  explainBelvoFailure,
  explainConnectionFailure,
  type DependencyCheck,
} from '../operations/dependency-status.js';
import type { RedisClients } from '../redis/clients.js';
import type { Store } from '../store/store.js';

/** What `/readyz` checks, and main.ts once at start for the banner. */
export function dependencyChecks(
  belvo: BelvoClient,
  store: Store,
  redis: RedisClients | undefined,
): DependencyCheck[] {
  return [
    {
      name: 'belvo',
      critical: true,
      check: () => belvo.ping({ priority: 'background' }),
      explain: explainBelvoFailure,
    },
    // Without it no caller's links can be authorized, nor any webhook recorded.
    { name: 'database', critical: true, check: () => store.ping() },
    // Without Redis the gateway still serves from Belvo: degraded, not down.
    ...(redis
      ? [
          {
            name: 'redis',
            critical: false,
            check: async () => void (await redis.commands.ping()),
            // The PING fails with ioredis's retry error; the connection's own error says why.
            explain: (error: unknown) => explainConnectionFailure(redis.connectionError() ?? error),
          },
        ]
      : []),
  ];
}
