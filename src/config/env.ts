/**
 * Between the environment and the declared settings: which variable feeds which leaf of a schema,
 * and which variable a failed check belongs to. A schema here is a tree of objects (possibly
 * transformed) whose leaves are the declarations of setting.ts.
 */
import { z } from 'zod';
import { SETTINGS, type SettingMeta } from './setting.js';

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

/** An object schema's fields, looking through `.transform()` (a pipe from the object). */
function fieldsOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  if (schema instanceof z.ZodPipe) return fieldsOf(schema.in as z.ZodType);
  if (schema instanceof z.ZodObject) return schema.shape as Record<string, z.ZodType>;
  return undefined;
}

/** A blank variable counts as unset: `.env` files and compose files leave `NAME=` lines behind. */
const valueOf = (env: Env, name: string) => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

/** The input `schema` parses: each declared leaf gets its variable's value. */
export function readEnv(schema: z.ZodType, env: Env): unknown {
  const meta = SETTINGS.get(schema);
  if (meta) return valueOf(env, meta.env);
  const fields = fieldsOf(schema);
  if (!fields) return undefined;
  return Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, readEnv(field, env)]));
}

/** Every declaration under `schema`, in declaration order. */
export function declarationsOf(schema: z.ZodType): SettingMeta[] {
  const meta = SETTINGS.get(schema);
  if (meta) return [meta];
  return Object.values(fieldsOf(schema) ?? {}).flatMap(declarationsOf);
}

/** The declaration an issue's path leads to (a list's entries belong to the list's variable). */
function declarationAt(schema: z.ZodType, path: readonly PropertyKey[]): SettingMeta | undefined {
  const meta = SETTINGS.get(schema);
  if (meta) return meta;
  const [key, ...rest] = path;
  const field = key === undefined ? undefined : fieldsOf(schema)?.[String(key)];
  return field && declarationAt(field, rest);
}

/**
 * One line naming the variable. The value is echoed for ordinary settings (it helps to see what was
 * read) but never for secrets, and never from a custom check, whose message says what it needs.
 */
export function configErrorFrom(schema: z.ZodType, issue: z.core.$ZodIssue): ConfigError {
  const meta = declarationAt(schema, issue.path);
  if (!meta) return new ConfigError(issue.path.join('.') || 'configuration', issue.message);
  const echo = !meta.secret && issue.code !== 'custom' && issue.input !== undefined;
  return new ConfigError(
    meta.env,
    echo ? `${issue.message}, got ${JSON.stringify(issue.input)}` : issue.message,
  );
}

/** Parses the environment into `schema`'s output, or throws the first problem as a ConfigError. */
export function parseEnv<S extends z.ZodType>(schema: S, env: Env, extra?: object): z.output<S> {
  const input = readEnv(schema, env);
  const result = schema.safeParse(extra ? { ...(input as object), ...extra } : input, { reportInput: true });
  if (!result.success) throw configErrorFrom(schema, result.error.issues[0]!);
  return result.data;
}
