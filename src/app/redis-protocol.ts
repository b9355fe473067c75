import type { Redis } from 'ioredis';

/**
 * Whether the server at REDIS_URL spoke something other than Redis's protocol (an HTTP port, a
 * PostgreSQL one) since the connections were last ready. ioredis reports that as a parser error
 * (ioredis 5: a ParserError; 6: "Unknown RESP type …") and then fails every command with
 * MaxRetriesPerRequestError, which sent people looking at Redis.
 */
export function watchRedisProtocol(connections: Redis[]): { answersAsRedis(): boolean } {
  let foreign = false;
  for (const connection of connections) {
    connection
      .on('error', (error: Error) => {
        if (error.name === 'ParserError' || error.message.startsWith('Unknown RESP type')) foreign = true;
      })
      .on('ready', () => (foreign = false));
  }
  return { answersAsRedis: () => !foreign };
}

export const NOT_REDIS =
  'REDIS_URL does not answer as Redis (something else listens there, e.g. an HTTP server): check its host and port';
