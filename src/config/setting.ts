/**
 * One declaration per environment variable: its name, its schema (coercion, default, bounds) and
 * what the README says about it, in one call. The config types are inferred from these schemas,
 * the README's tables are generated from them (src/config/docs.ts), and a bad value is reported by
 * the variable's name (src/config/env.ts), so none of the three can drift from the others.
 */
import { z } from 'zod';

export interface SettingMeta {
  env: string;
  /** The README's "meaning" column. */
  description: string;
  /** The README's "default" column: the schema's default, or how the default is chosen. */
  shownDefault: string;
  /** Never echoed back in an error message (keys, tokens, URLs that may carry a password). */
  secret: boolean;
}

/** Every declared setting, keyed by its schema: the walk in env.ts finds a leaf's variable here. */
export const SETTINGS = z.registry<SettingMeta>();

interface Declared {
  /** How the README shows the default when the schema has none (e.g. "random in embedded mode"). */
  shown?: string;
  secret?: boolean;
}

const NONE = '—';
const code = (value: string | number | boolean) => `\`${value}\``;

function declare<S extends z.ZodType>(
  schema: S,
  env: string,
  description: string,
  meta: Declared & { fallback?: string },
): S {
  SETTINGS.add(schema as z.ZodType, {
    env,
    description,
    shownDefault: meta.shown ?? meta.fallback ?? NONE,
    secret: meta.secret ?? false,
  });
  return schema;
}

/** A reason a setting's value is refused; parsers throw it and it becomes that setting's error. */
export class Refusal extends Error {}

/** A string setting parsed by `parse`, which throws a `Refusal` naming what is wrong. */
const parsed =
  <T>(parse: (raw: string) => T) =>
  (raw: string, ctx: z.RefinementCtx): T => {
    try {
      return parse(raw);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message, input: raw });
      return z.NEVER;
    }
  };

/**
 * A whole number within bounds. `scale` converts the variable's unit into the config's (days into
 * milliseconds), so the name keeps its unit and the code keeps milliseconds.
 */
export function int(
  env: string,
  options: { default: number; min: number; max: number; scale?: number } & Declared,
  description: string,
) {
  const range = `must be between ${options.min} and ${options.max}`;
  const schema = z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(options.min, range).max(options.max, range))
    .transform((value) => value * (options.scale ?? 1))
    .prefault(String(options.default));
  return declare(schema, env, description, { ...options, fallback: code(options.default) });
}

const stringBool = () =>
  z.stringbool({ truthy: ['true', '1'], falsy: ['false', '0'], error: 'must be true or false' });

/** `true`/`1` or `false`/`0`, any case. */
export function bool(env: string, options: { default: boolean } & Declared, description: string) {
  const schema = stringBool().prefault(String(options.default));
  return declare(schema, env, description, { ...options, fallback: code(options.default) });
}

/** A boolean whose default the config decides from other settings (e.g. NODE_ENV); `shown` says how. */
export function optionalBool(env: string, options: { shown: string } & Declared, description: string) {
  return declare(stringBool().optional(), env, description, options);
}

export function oneOf<const T extends readonly [string, ...string[]]>(
  env: string,
  options: { values: T; default: T[number] } & Declared,
  description: string,
) {
  const schema = z
    .enum(options.values, { error: `must be one of ${options.values.join(', ')}` })
    .prefault(options.default);
  return declare(schema, env, description, { ...options, fallback: code(options.default) });
}

/** Free text; optional unless it has a default. */
export function text(env: string, options: Declared, description: string): z.ZodOptional<z.ZodString>;
export function text(
  env: string,
  options: { default: string } & Declared,
  description: string,
): z.ZodPrefault<z.ZodString>;
export function text(env: string, options: { default?: string } & Declared, description: string) {
  const schema = options.default === undefined ? z.string().optional() : z.string().prefault(options.default);
  return declare(schema, env, description, {
    ...options,
    fallback: options.default === undefined ? undefined : code(options.default),
  });
}

/** A string turned into a value by `parse` (which throws a `Refusal`); optional. */
export function custom<T>(env: string, parse: (raw: string) => T, options: Declared, description: string) {
  return declare(z.string().transform(parsed(parse)).optional(), env, description, options);
}

const URL_SCHEMES = ['http:', 'https:', 'redis:', 'rediss:'];

/** An absolute http(s) or redis(s) URL, without trailing slashes (paths are appended to it). */
export function url(env: string, options: Declared, description: string) {
  return custom(env, absoluteUrl, options, description);
}

function absoluteUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Refusal('must be an absolute URL');
  }
  if (!URL_SCHEMES.includes(url.protocol)) throw new Refusal(`has an unsupported scheme "${url.protocol}"`);
  return raw.replace(/\/+$/, '');
}

/**
 * The URL of a service the gateway sends its keys to with every request: https, or http to a
 * loopback host only (`127.x.x.x`, `[::1]`, `localhost`), where the keys never cross a network. That
 * exception is for what runs beside the gateway: a Belvo simulator in tests and benchmarks, or a
 * local proxy that speaks TLS onwards. Anywhere else http would hand the keys to every hop.
 */
export function credentialedUrl(env: string, options: Declared, description: string) {
  return custom(env, encryptedUrl, options, description);
}

const isLoopback = (hostname: string) =>
  hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);

function encryptedUrl(raw: string): string {
  const value = absoluteUrl(raw);
  const { protocol, hostname } = new URL(value);
  if (protocol === 'https:' || (protocol === 'http:' && isLoopback(hostname))) return value;
  throw new Refusal(
    protocol === 'http:'
      ? 'must be an https:// URL: the keys travel with every request (http:// is accepted only for a loopback host such as 127.0.0.1)'
      : 'must be an https:// URL',
  );
}

/** Comma-separated entries, each turned into a value by `parse`; empty entries are skipped. */
export function list<T>(env: string, parse: (entry: string) => T, options: Declared, description: string) {
  const entries = (raw: string) =>
    raw
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map(parse);
  return declare(z.string().transform(parsed(entries)).prefault(''), env, description, options);
}
