/** `.env`, or the file `ENV_FILE` names: read into the environment before the config is. */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, parseEnv, type Env } from './env.js';
import { text } from './setting.js';

export const envFileSettings = {
  envFile: text(
    'ENV_FILE',
    { shown: '`.env`' },
    'file of variables read at start when it exists (a named file must exist)',
  ),
};

/**
 * Reads `.env` (or the file `ENV_FILE` names) into the environment, if it exists. Variables set
 * in the real environment win, so a process manager's settings are never overridden by a file
 * left behind. A missing default file is normal (containers pass variables directly), unlike
 * Node's `--env-file`, which refuses to start without it; a missing named file is an error.
 * Answers the file read, if any.
 */
export function loadEnvFile(env: Env = process.env, cwd = process.cwd()): string | undefined {
  const named = parseEnv(z.object(envFileSettings), env).envFile;
  const path = named ?? `${cwd}/.env`;
  if (!existsSync(path)) {
    if (named) throw new ConfigError('ENV_FILE', `names a file that does not exist: ${named}`);
    return undefined;
  }
  try {
    process.loadEnvFile(path);
  } catch (error) {
    throw new ConfigError(
      named ? 'ENV_FILE' : '.env',
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  return path;
}
