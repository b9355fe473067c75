/*
 * GraphQL enums for Belvo's enum-like strings. Belvo adds values over time and documents some only
 * in prose, so every such enum has OTHER: a value the gateway does not know reads as OTHER, and the
 * raw string is served beside it (`<field>Raw`), instead of failing the read.
 */

export const OTHER = 'OTHER';

/**
 * The enum object type-graphql registers: GraphQL names to Belvo's values, plus OTHER. `names` is
 * keyed by every documented value, so a value added to Belvo's documented list (belvo/schemas.ts)
 * without a GraphQL name fails to compile.
 */
export function tolerantEnum<V extends string, const M extends { readonly [K in V]: string }>(
  _documented: readonly V[],
  names: M,
): { readonly [K in keyof M as M[K]]: K } & { readonly OTHER: typeof OTHER } {
  const entries = Object.entries(names).map(([value, name]) => [name, value]);
  return Object.freeze({ ...Object.fromEntries(entries), OTHER }) as never;
}

/** OTHER's description in every tolerant enum: where the value Belvo sent can be read. */
export const otherValue = (rawField: string) => ({
  description: `A value Belvo sent that this gateway does not know yet; \`${rawField}\` has it as sent. Read only.`,
});

/** Each documented value under its own name. */
export const sameNames = <const V extends string>(values: readonly V[]) =>
  Object.fromEntries(values.map((value) => [value, value])) as { readonly [K in V]: K };

/** Belvo's raw value as one of the enum's values: itself when documented, OTHER when not. */
export function known<E extends string>(
  documented: readonly string[],
  raw: string | null,
): E | typeof OTHER | null {
  if (raw === null) return null;
  return documented.includes(raw) ? (raw as E) : OTHER;
}
