import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnvFile } from '../../src/config.js';
import { declaredSettings } from '../../src/config/docs.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const example = readFileSync(`${ROOT}.env.example`, 'utf8');
/** The generated settings tables (src/config/docs.ts). */
const reference = readFileSync(`${ROOT}docs/configuration.md`, 'utf8');
/** Every variable the config declares (src/config/). */
const variables = declaredSettings().map((setting) => setting.env);

describe('.env.example', () => {
  it('lists every variable the gateway reads', () => {
    expect(variables.length).toBeGreaterThan(50);
    const listed = new Set([...example.matchAll(/^# ([A-Z0-9_]+)=/gm)].map((m) => m[1]!));
    expect(variables.filter((name) => !listed.has(name))).toEqual([]);
  });

  it('gives each one the default docs/configuration.md gives', () => {
    for (const [, name, value] of example.matchAll(/^# ([A-Z0-9_]+)=(\S+)/gm)) {
      const row = reference.split('\n').find((line) => line.startsWith(`| \`${name}\``));
      if (row && /^\d+$/.test(value!)) expect(row, name).toContain(`\`${value}\``);
    }
  });
});

describe('loadEnvFile', () => {
  it('reads .env when present, never overrides the environment, and is fine without one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gateway-env-'));
    const env: Record<string, string | undefined> = {};
    expect(loadEnvFile(env, dir)).toBeUndefined();
    writeFileSync(join(dir, '.env'), 'GATEWAY_TEST_FROM_FILE=file\nGATEWAY_TEST_BOTH=file\n');
    process.env.GATEWAY_TEST_BOTH = 'environment';
    try {
      expect(loadEnvFile(env, dir)).toBe(join(dir, '.env'));
      expect(process.env.GATEWAY_TEST_FROM_FILE).toBe('file');
      expect(process.env.GATEWAY_TEST_BOTH).toBe('environment');
    } finally {
      delete process.env.GATEWAY_TEST_FROM_FILE;
      delete process.env.GATEWAY_TEST_BOTH;
    }
  });

  it('refuses an ENV_FILE that does not exist, naming the variable', () => {
    expect(() => loadEnvFile({ ENV_FILE: '/nonexistent/gateway.env' })).toThrow(ConfigError);
    expect(() => loadEnvFile({ ENV_FILE: '/nonexistent/gateway.env' })).toThrow(/ENV_FILE/);
  });
});
