import { readFileSync, writeFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configurationTables, declaredSettings, README_END, README_START } from './docs.js';
import { declarationsOf } from './env.js';
import { envFileSettings } from './env-file.js';
import { settingsSchema } from './schema.js';

const ROOT = new URL('../../', import.meta.url).pathname;
/** The page that holds the generated settings tables. */
const PAGE = `${ROOT}docs/configuration.md`;

describe('the configuration docs', () => {
  it('document every variable the config reads, each once', () => {
    const read = [...declarationsOf(settingsSchema), ...declarationsOf(z.object(envFileSettings))];
    const documented = declaredSettings().map((setting) => setting.env);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual(read.map((setting) => setting.env).sort());
  });

  it('are the tables of docs/configuration.md, generated from the declarations', async () => {
    const page = readFileSync(PAGE, 'utf8');
    const options = await prettier.resolveConfig(PAGE);
    const expected = await prettier.format(configurationTables(), { ...options, parser: 'markdown' });
    const start = page.indexOf(README_START);
    const end = page.indexOf(README_END) + README_END.length;
    expect(start, 'docs/configuration.md marks where the generated tables go').toBeGreaterThan(-1);
    const actual = `${page.slice(start, end)}\n`;
    if (process.env.UPDATE_README && actual !== expected) {
      writeFileSync(PAGE, page.slice(0, start) + expected.trimEnd() + page.slice(end));
      return;
    }
    expect(actual, 'run UPDATE_README=1 npx vitest run src/config to regenerate').toBe(expected);
  });

  it('list in .env.example exactly the declared variables, any value shown being the default', () => {
    const example = readFileSync(`${ROOT}.env.example`, 'utf8');
    const listed = new Map([...example.matchAll(/^# ([A-Z0-9_]+)=(\S*)/gm)].map((m) => [m[1]!, m[2]!]));
    expect([...listed.keys()].sort()).toEqual(
      declaredSettings()
        .map((setting) => setting.env)
        .sort(),
    );
    for (const setting of declaredSettings()) {
      const plain = /^`([^`]+)`$/.exec(setting.shownDefault)?.[1];
      const shown = listed.get(setting.env);
      if (plain !== undefined && shown) expect(shown, setting.env).toBe(plain);
    }
  });
});
