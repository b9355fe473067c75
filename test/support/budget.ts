import type { Priority, Token } from '../../src/belvo/budget.js';
import type { Gateway } from './gateway.js';
import { eventually } from './sandbox.js';

/**
 * Takes `tokens` tokens of the gateway's budget (its whole window) so reads must queue; `release`
 * hands them back as calls never sent, at a moment the test chooses. The reads queued meanwhile
 * then leave together: how full the calls get no longer depends on how fast the machine is.
 */
export async function holdTheBudget(gateway: Gateway, tokens: number): Promise<{ release(): void }> {
  const budget = gateway.app.belvo.http.budget!;
  const far = Date.now() + 600_000;
  const held: Token[] = [];
  // Waiting for each if need be: earlier calls of the window may still hold some.
  for (let i = 0; i < tokens; i++) held.push(await budget.acquire('request', far, far));
  return { release: () => held.forEach((token) => token.cancel()) };
}

/** Waits until the read scheduler holds `count` distinct asks of `priority` (its /metrics gauge). */
export async function queuedAsks(gateway: Gateway, priority: Priority, count: number, timeoutMs = 20_000) {
  const pattern = new RegExp(`belvo_scheduled_queue_depth\\{priority="${priority}"\\} (\\d+)`);
  await eventually(async () => {
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    return Number(pattern.exec(metrics)?.[1] ?? 0) >= count;
  }, timeoutMs);
}
