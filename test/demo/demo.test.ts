import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mask, normalizeGatewayUrl } from '../../src/demo/demo.js';
import { apiKeyEntry, randomKey } from '../support/auth.js';
import { freePort } from '../support/ports.js';
import { startGateway, type Gateway } from '../support/gateway.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The demo as `npm run demo` runs it, in its own process, against `gatewayUrl` as typed by a user. */
function runDemo(gatewayUrl: string, cedula: string, timeoutMs = 60_000, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/demo/main.ts', cedula], {
    cwd: ROOT,
    env: { ...process.env, GATEWAY_URL: gatewayUrl, DEMO_TIMEOUT_MS: String(timeoutMs), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (output.stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (output.stderr += String(chunk)));
  const exited = new Promise<{ code: number | null }>((resolve) =>
    child.on('exit', (code) => resolve({ code })),
  );
  return { child, output, exited };
}

describe('the demo', () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await startGateway({ SANDBOX_EXTRACTION_DELAY_MS: '500' });
  });
  afterAll(() => gateway?.stop());

  it('ends on the LinkError of a refused cédula within seconds, non-zero, saying what happened and what to do', async () => {
    // 666…: the simulator creates the link, then fails its extraction with invalid_credentials.
    const demo = runDemo(gateway.url.replace(/^http:\/\//, ''), '6661234567');
    try {
      const { code } = await demo.exited;
      expect(code).toBe(1);
      // It stopped on the event, not on the clock: DEMO_TIMEOUT_MS (60 s) is past this test's own
      // timeout, and the demo's timeout message is absent.
      expect(demo.output.stderr).not.toMatch(/historical_update webhook after/);
      expect(demo.output.stdout).toContain('linkEvents');
      expect(demo.output.stdout).toMatch(/waiting for Belvo's webhooks/);
      expect(demo.output.stderr).toMatch(/LinkError \(INVALID_CREDENTIALS, login_error\)/);
      expect(demo.output.stderr).toMatch(/Try another cédula/);
      expect(demo.output.stdout + demo.output.stderr).not.toContain('6661234567');
      expect(demo.output.stdout).toContain('••••••4567');
    } finally {
      demo.child.kill('SIGKILL');
    }
  }, 120_000);

  it('says in words when the institution refuses the cédula at creation (a user error), non-zero', async () => {
    // 999…: the simulator refuses the creation itself with login_error.
    const demo = runDemo(gateway.url, '9991234567');
    try {
      expect((await demo.exited).code).toBe(1);
      expect(demo.output.stderr).toMatch(/refused the input \(input\.cedula: The institution does not know/);
      expect(demo.output.stdout + demo.output.stderr).not.toContain('9991234567');
    } finally {
      demo.child.kill('SIGKILL');
    }
  }, 120_000);

  it('accepts the banner’s /graphql URL and masks a malformed cédula instead of printing it', async () => {
    const demo = runDemo(`${gateway.url}/graphql/`, '12345abc');
    const { code } = await demo.exited;
    expect(code).toBe(1);
    expect(demo.output.stderr).toMatch(/is not 6–10 digits/);
    expect(demo.output.stdout + demo.output.stderr).not.toContain('12345abc');
    expect(demo.output.stdout).toContain(`${gateway.url}/graphql`);
    expect(demo.output.stdout).not.toContain('/graphql/graphql');
  }, 120_000);
});

describe('the demo against a gateway with client authentication', () => {
  it('is refused without DEMO_API_KEY, saying to set it, and sends it over HTTP and WebSocket', async () => {
    const key = randomKey();
    const gateway = await startGateway({
      CLIENT_API_KEYS: apiKeyEntry('demo', key),
      SANDBOX_EXTRACTION_DELAY_MS: '300',
    });
    try {
      const refused = runDemo(gateway.url, '1020304050');
      expect((await refused.exited).code).toBe(1);
      expect(refused.output.stderr).toMatch(/UNAUTHENTICATED.*set DEMO_API_KEY/);

      const demo = runDemo(gateway.url, '1020304050', 60_000, { DEMO_API_KEY: key });
      expect((await demo.exited).code).toBe(0);
      expect(demo.output.stdout).toMatch(/Employers: [1-9]/);
    } finally {
      await gateway.stop();
    }
  }, 120_000);
});

describe('the demo against a gateway whose Redis is down', () => {
  it('says so before waiting, and names Redis when the data does not come', async () => {
    // The data never comes: the simulator's extraction outlasts the test. (Webhooks that land
    // meanwhile cannot be published without Redis, but the log replays them to a subscriber whose
    // replay starts after they were recorded: whether they arrive would be a race.)
    const gateway = await startGateway({
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      SANDBOX_EXTRACTION_DELAY_MS: '600000',
    });
    try {
      const demo = runDemo(gateway.url, '1020304050', 1_000);
      const { code } = await demo.exited;
      expect(code).toBe(1);
      expect(demo.output.stdout).toMatch(/note: the gateway is degraded \(redis: unreachable \(ECONNREFUSED/);
      expect(demo.output.stderr).toMatch(/is Redis up/);
    } finally {
      await gateway.stop();
    }
  }, 120_000);
});

describe('normalizeGatewayUrl', () => {
  it.each([
    ['127.0.0.1:4100', 'http://127.0.0.1:4100'],
    ['http://127.0.0.1:4100/', 'http://127.0.0.1:4100'],
    ['http://127.0.0.1:4100/graphql', 'http://127.0.0.1:4100'],
    ['localhost:4000/graphql/', 'http://localhost:4000'],
    ['https://gw.example.com/base/graphql', 'https://gw.example.com/base'],
    ['ws://127.0.0.1:4000/graphql', 'http://127.0.0.1:4000'],
  ])('reads %s as %s', (raw, expected) => {
    expect(normalizeGatewayUrl(raw)).toBe(expected);
  });
});

describe('mask', () => {
  it('shows the last four digits of a cédula and nothing of anything else', () => {
    expect(mask('1020304050')).toBe('••••••4050');
    expect(mask('12345abc')).toBe('••••••••');
    expect(mask('123')).toBe('•••');
  });
});
