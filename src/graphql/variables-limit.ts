/**
 * Checks a request's `variables` for nesting depth and size before anything else walks them.
 * graphql-js coerces variables recursively and JSON.stringify recurses too, so a value nested tens
 * of thousands of levels deep (which fits easily in a 100 KiB body) overflows the stack; this walk
 * keeps its own stack and stops at the first limit it passes, so its cost is bounded by the limits,
 * not by the input. Size is counted as the value's JSON text, approximately (escapes aside).
 */
export function checkVariables(
  variables: unknown,
  limits: { maxDepth: number; maxBytes: number },
  /** What the value is, for the message: `Variables`, or `Extensions` (same limits). */
  name = 'Variables',
): string | undefined {
  if (variables === undefined || variables === null) return undefined;
  const tooDeep = `${name} are nested deeper than ${limits.maxDepth} levels`;
  const tooLarge = `${name} are larger than ${limits.maxBytes} bytes`;
  let bytes = 0;
  const pending: Array<{ value: unknown; depth: number }> = [{ value: variables, depth: 1 }];
  while (pending.length > 0) {
    const { value, depth } = pending.pop()!;
    if (typeof value === 'string') bytes += value.length + 2;
    else if (typeof value === 'number' || typeof value === 'boolean') bytes += String(value).length;
    else if (value === null || value === undefined) bytes += 4;
    else if (typeof value === 'object') {
      if (depth > limits.maxDepth) return tooDeep;
      const entries = Array.isArray(value) ? value : Object.entries(value);
      bytes += 2 + entries.length;
      if (bytes > limits.maxBytes) return tooLarge;
      for (const entry of entries) {
        if (Array.isArray(value)) pending.push({ value: entry, depth: depth + 1 });
        else {
          const [key, child] = entry as [string, unknown];
          bytes += key.length + 3;
          pending.push({ value: child, depth: depth + 1 });
        }
      }
    }
    if (bytes > limits.maxBytes) return tooLarge;
  }
  return undefined;
}
