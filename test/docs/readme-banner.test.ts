import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventually } from '../support/sandbox.js';
import { PROCESS_DEADLINE_MS, spawnGateway } from '../support/spawned-gateway.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The README's sample of what `npm start` prints: the first ```text block of the quick start. */
function readmeBanner(): string[] {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  const quickStart = readme.slice(readme.indexOf('## Quick start'));
  return /^```text\n([\s\S]*?)^```$/m.exec(quickStart)![1]!.trimEnd().split('\n');
}

describe("the README's start-up banner", () => {
  it(
    'is what the gateway prints today, but for its ports',
    async () => {
      const [fromSource, ...banner] = readmeBanner();
      // That first line is npm start's own, when dist/ is not today's build (a fresh clone's case).
      expect(readFileSync(`${ROOT}scripts/start.mjs`, 'utf8')).toContain(fromSource);

      const gateway = spawnGateway({ LOG_LEVEL: 'warn' });
      try {
        const url = await gateway.url();
        await eventually(() => gateway.output.stdout.includes('Try the whole flow'), PROCESS_DEADLINE_MS);
        const printed = gateway.output.stdout
          .split('\n')
          .slice(0, banner.length)
          .map((line) =>
            line
              .replaceAll(url, 'http://127.0.0.1:4000')
              // Off port 4000 the last line also says where the demo should go.
              .replace(', with GATEWAY_URL=http://127.0.0.1:4000)', ')')
              .replace(
                /embedded simulator at http:\/\/127\.0\.0\.1:\d+/,
                'embedded simulator at http://127.0.0.1:<random port>',
              ),
          );
        expect(printed).toEqual(banner);
      } finally {
        await gateway.stop();
      }
    },
    3 * PROCESS_DEADLINE_MS,
  );
});
