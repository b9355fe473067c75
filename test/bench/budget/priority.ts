/**
 * A person waiting: every few seconds an interactive `link(id)` query on a link nobody has read yet,
 * while the recurrent updates keep the budget under pressure.
 */
import { ask, COLD_READ, served, type Answer } from './graphql.js';
import { latencies, tally } from './percentiles.js';

export interface PriorityRound {
  probes: number;
  served: number;
  rateLimited: number;
  codes: Record<string, number>;
  /** Of the queries served with data. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** One query per cold link, the first after `everySeconds`, then one every `everySeconds`. */
export async function probeCold(
  url: string,
  links: readonly string[],
  everySeconds: number,
): Promise<Answer[]> {
  const answers: Array<Promise<Answer>> = [];
  const started = performance.now();
  for (let i = 0; i < links.length; i++) {
    const wait = started + (i + 1) * everySeconds * 1000 - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    answers.push(ask(url, COLD_READ, { id: links[i] }, 60_000));
  }
  return Promise.all(answers);
}

export function priorityRound(answers: Answer[]): PriorityRound {
  const ok = answers.filter(served);
  const codes = answers.flatMap((answer) => answer.codes);
  return {
    probes: answers.length,
    served: ok.length,
    rateLimited: answers.filter((answer) => answer.codes.includes('RATE_LIMITED')).length,
    codes: tally(codes),
    ...latencies(ok.map((answer) => answer.ms)),
  };
}
