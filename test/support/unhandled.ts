/**
 * Runs `scenario` and answers the promise rejections nobody handled meanwhile (one of those ends a
 * Node process). Unhandled rejections are reported after the microtasks of the turn that made them,
 * so two turns of the event loop pass after the scenario before the answer.
 */
export async function unhandledRejectionsOf(scenario: () => Promise<void>): Promise<unknown[]> {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', record);
  try {
    await scenario();
    await new Promise<void>((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => setImmediate(resolve));
    return unhandled;
  } finally {
    process.off('unhandledRejection', record);
  }
}
