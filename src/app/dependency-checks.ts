import type { BelvoClient } from '../belvo/client.js';
import type { Config } from '../config.js';
import {
  explainBelvoFailure,
  explainConnectionFailure,
  type DependencyCheck,
} from '../operations/dependency-status.js';
import type { RedisClients } from '../redis/clients.js';
import { explainDatabaseRefusal } from '../store/connection-failures.js';
import type { Store } from '../store/store.js';
import { EmploymentsEndpoint, EmploymentsEndpointRefused } from './employments-endpoint.js';
import { NOT_REDIS, watchRedisProtocol } from './redis-protocol.js';

/**
 * What `/readyz` checks, and main.ts once at start for the banner. In real mode the Belvo check also
 * asks whether Belvo serves the employments endpoint (the embedded simulator always does).
 */
export function dependencyChecks(
  config: Pick<Config, 'mode' | 'state'>,
  belvo: BelvoClient,
  store: Store,
  redis: RedisClients | undefined,
): DependencyCheck[] {
  const database = config.state.database;
  const employments = config.mode === 'real' ? new EmploymentsEndpoint(belvo) : undefined;
  return [
    {
      name: 'belvo',
      critical: true,
      check: async () => {
        await belvo.ping({ priority: 'background' });
        await employments?.check();
      },
      explain: (error) =>
        error instanceof EmploymentsEndpointRefused ? error.reason : explainBelvoFailure(error),
    },
    // Without it no caller's links can be authorized, nor any webhook recorded.
    {
      name: 'database',
      critical: true,
      check: () => store.ping(),
      // A database dropped, a password rotated: what PostgreSQL refused, not its bare SQLSTATE.
      explain: (error: unknown) =>
        (database.kind === 'postgres' ? explainDatabaseRefusal(error, database.url) : undefined) ??
        explainConnectionFailure(error),
    },
    // Without Redis the gateway still serves from Belvo: degraded, not down.
    ...(redis ? [redisCheck(redis)] : []),
  ];
}

function redisCheck(redis: RedisClients): DependencyCheck {
  const protocol = watchRedisProtocol([redis.commands, redis.subscriber]);
  return {
    name: 'redis',
    critical: false,
    check: async () => void (await redis.commands.ping()),
    // The PING fails with ioredis's retry error; the connection's own error says why.
    explain: (error: unknown) =>
      protocol.answersAsRedis() ? explainConnectionFailure(redis.connectionError() ?? error) : NOT_REDIS,
  };
}
