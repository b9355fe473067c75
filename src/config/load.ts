/** The one place that reads the environment. Everything else receives a validated `Config`. */
import { parseEnv, type Env } from './env.js';
import { configSchema, type Config } from './schema.js';

/** Embedded mode (no Belvo keys) needs no variables at all. Throws a ConfigError naming the variable. */
export function loadConfig(env: Env = process.env, stdoutIsTerminal = process.stdout.isTTY === true): Config {
  return parseEnv(configSchema, env, { stdoutIsTerminal });
}
