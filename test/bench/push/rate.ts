import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import { now } from './worker.js';

export interface RatePlan {
  /** Webhooks per second. */
  rate: number;
  seconds: number;
  links: readonly string[];
  /** Where in `links` this round starts, so rounds spread over different links. */
  offset: number;
  /** Unanswered webhooks that stop the sender (default: a second's worth, at least 64). */
  unansweredMax?: number;
}

export interface Sent {
  /** When each webhook (by id) was handed to the socket, on the shared clock. */
  sentAt: Map<string, number>;
  /** Time to the gateway's answer (what Belvo sees), ms. */
  answersMs: number[];
  /** Webhooks not acknowledged, by id: the status they were answered with (0: no answer). */
  refused: Map<string, number>;
  failures: string[];
  /** How late the sender dispatched its last webhook against the schedule (a loaded driver), ms. */
  lagMs: number;
  /** The server fell more than a second of webhooks behind: sending stopped early. */
  overloaded: boolean;
}

/**
 * Belvo's side: webhook k goes to link ⌊k/2⌋ (from `offset`), EMPLOYMENTS then OWNERS, both
 * `historical_update` as after an extraction, so every link's subscriber gets the pair.
 */
function webhookBody(plan: RatePlan, k: number, id: string): string {
  const linkId = plan.links[(plan.offset + Math.floor(k / 2)) % plan.links.length]!;
  const employments = k % 2 === 0;
  return JSON.stringify({
    webhook_id: id,
    webhook_type: employments ? 'EMPLOYMENTS' : 'OWNERS',
    process_type: 'historical_update',
    webhook_code: 'historical_update',
    link_id: linkId,
    request_id: randomUUID(),
    external_id: null,
    data: employments ? { total_employments: 3 } : { total_owners: 1 },
  });
}

/**
 * Sends `rate × seconds` webhooks at fixed intervals (not in bursts) over 64 connections; stops early
 * when more than a second's worth (at least 64; or `unansweredMax`) are unanswered: the server is not
 * keeping up.
 */
export async function sendAtRate(
  urls: readonly string[],
  authorization: string,
  plan: RatePlan,
): Promise<Sent> {
  // Several instances behind a load balancer: webhook k goes to instance k mod n.
  const pools = urls.map((url) => new Pool(url, { connections: 64, pipelining: 1 }));
  const sent: Sent = {
    sentAt: new Map(),
    answersMs: [],
    refused: new Map(),
    failures: [],
    lagMs: 0,
    overloaded: false,
  };
  let open = 0;
  const count = Math.max(1, Math.round(plan.rate * plan.seconds));
  const interval = 1000 / plan.rate;
  const unansweredMax = plan.unansweredMax ?? Math.max(64, plan.rate);
  const start = performance.now();
  const inFlight: Array<Promise<void>> = [];
  const post = async (k: number) => {
    const id = randomBytes(16).toString('hex');
    const body = webhookBody(plan, k, id);
    const at = now();
    sent.sentAt.set(id, at);
    try {
      const response = await pools[k % pools.length]!.request({
        method: 'POST',
        path: '/webhooks/belvo',
        headers: { 'content-type': 'application/json', authorization },
        body,
      });
      await response.body.dump();
      sent.answersMs.push(now() - at);
      if (response.statusCode !== 200) {
        sent.refused.set(id, response.statusCode);
        sent.failures.push(`webhook answered ${response.statusCode}`);
      }
    } catch (error) {
      sent.refused.set(id, 0);
      sent.failures.push(String((error as Error).message));
    }
  };
  for (let k = 0; k < count; k++) {
    const due = start + k * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    sent.lagMs = Math.max(0, performance.now() - due);
    if (open > unansweredMax) {
      sent.overloaded = true;
      sent.failures.push(`overloaded: over ${unansweredMax} webhooks unanswered, sending stopped`);
      break;
    }
    open++;
    inFlight.push(post(k).finally(() => open--));
  }
  await Promise.all(inFlight);
  await Promise.all(pools.map((pool) => pool.close()));
  return sent;
}
