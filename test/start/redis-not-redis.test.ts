import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startupBanner } from '../../src/app/startup-banner.js';
import { startGateway } from '../support/gateway.js';

describe('a REDIS_URL that points at something other than Redis', () => {
  it('is reported as not answering as Redis, in the banner and by /readyz', async () => {
    // An HTTP server: it answers ioredis's first command with an HTTP response.
    const http = createServer((_request, response) => response.end('not redis'));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    const gateway = await startGateway({ REDIS_URL: `redis://127.0.0.1:${port}`, READINESS_CACHE_MS: '0' });
    try {
      const { banner } = await startupBanner(gateway.app, gateway.url, 2_000);
      expect(banner).toMatch(/DEGRADED \(redis failing\)/);
      expect(banner).toMatch(
        new RegExp(`Cache: +redis at 127\\.0\\.0\\.1:${port} · ✗ REDIS_URL does not answer as Redis`),
      );
      expect(banner).not.toContain('MaxRetriesPerRequestError');

      const readyz = (await (await fetch(`${gateway.url}/readyz`)).json()) as {
        reasons: Record<string, string>;
      };
      expect(readyz.reasons.redis).toMatch(/^REDIS_URL does not answer as Redis .*check its host and port/);
    } finally {
      await gateway.stop();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    }
  });
});
