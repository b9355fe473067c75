/**
 * The README's configuration tables, rendered from the declarations so the doc cannot drift from
 * what is read (src/config/docs.test.ts compares them, and rewrites them with UPDATE_README=1).
 */
import { z } from 'zod';
import { authSettings } from './auth.js';
import { belvoSettings } from './belvo.js';
import { cacheSettings } from './cache.js';
import { declarationsOf } from './env.js';
import { envFileSettings } from './env-file.js';
import { graphqlSettings } from './graphql.js';
import { pushSettings } from './push.js';
import { serverSettings } from './server.js';
import type { SettingMeta } from './setting.js';
import { simulatorSettings } from './simulator.js';
import { stateSettings } from './state.js';
import { telemetrySettings } from './telemetry.js';

/** The settings by topic, in the README's order: one table each. */
const GROUPS: Array<[title: string, settings: Record<string, z.ZodType>]> = [
  ['Where it listens', serverSettings],
  ['Belvo', belvoSettings],
  ['State', stateSettings],
  ['Redis and caches', cacheSettings],
  ['Client authentication', authSettings],
  ['WebSocket and SSE', pushSettings],
  ['GraphQL', graphqlSettings],
  ['Logs and tracing', telemetrySettings],
  ['The simulator', simulatorSettings],
  ['The env file', envFileSettings],
];

export const documentedGroups = (): Array<[string, SettingMeta[]]> =>
  GROUPS.map(([title, settings]) => [title, declarationsOf(z.object(settings))]);

export const declaredSettings = (): SettingMeta[] => documentedGroups().flatMap(([, settings]) => settings);

export const README_START = '<!-- generated from src/config/ (UPDATE_README=1 npx vitest run src/config) -->';
export const README_END = '<!-- end of generated configuration -->';

const cell = (text: string) => text.replaceAll('|', '\\|');

/** Markdown, unpadded: prettier pads the columns, as it does for the rest of the README. */
export function configurationTables(): string {
  const tables = documentedGroups().map(([title, settings]) =>
    [
      `**${title}**`,
      '',
      '| variable | default | meaning |',
      '| --- | --- | --- |',
      ...settings.map((s) => `| \`${s.env}\` | ${cell(s.shownDefault)} | ${cell(s.description)} |`),
    ].join('\n'),
  );
  return [README_START, ...tables, README_END].join('\n\n') + '\n';
}
