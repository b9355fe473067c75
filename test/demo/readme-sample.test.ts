import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../support/gateway.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The README's sample of `npm run demo` (the block marked `text demo-output`). */
function readmeSample(): string {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  const block = /^```text demo-output\n([\s\S]*?)^```$/m.exec(readme);
  if (!block) throw new Error('README.md has no ```text demo-output block');
  return block[1]!;
}

/**
 * What may differ between two runs of the demo and still be the same output: the gateway's
 * address, the link's id, durations, the months (the simulator's 24 months end last month), and
 * how many "waiting" lines the wait printed (one every 5 s).
 */
function comparable(output: string, gatewayUrl: string): string[] {
  return output
    .replaceAll(gatewayUrl, 'http://127.0.0.1:4000')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<link id>')
    .replace(/\b\d+\.\d s\b/g, '<seconds>')
    .replace(/\b\d{4}-\d{2}\b/g, '<month>')
    .split('\n')
    .filter((line) => line.trim() !== '' && !/employments: waiting · owners: waiting$/.test(line));
}

describe("the README's demo sample", () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await startGateway({ SANDBOX_EXTRACTION_DELAY_MS: '1000' });
  });
  afterAll(() => gateway?.stop());

  it('is what `npm run demo` prints today (run as the README runs it: the default cédula)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/demo/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, GATEWAY_URL: gateway.url, DEMO_TIMEOUT_MS: '60000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(0);
    expect(comparable(stdout, gateway.url)).toEqual(comparable(readmeSample(), gateway.url));
  }, 60_000);
});
