import { describe, expect, it } from 'vitest';
import { UpstreamBudget, type Priority } from '../belvo/budget.js';
import { BelvoError, BelvoErrorCode } from '../belvo/errors.js';
import { MemoryTokenStore } from '../belvo/token-store.js';
import { eventually } from '../../test/support/sandbox.js';
import { ReadScheduler, type ReadKind } from './read-scheduler.js';

/** A kind that records every call it makes (the asks it carried, the priority) and answers each id. */
function recordingKind(name: string) {
  const calls: Array<{ ids: string[]; priority: Priority | undefined }> = [];
  const kind: ReadKind<string, string> = {
    name,
    keyOf: (id) => id,
    fetch: async (ids, call) => {
      calls.push({ ids, priority: call.priority });
      call.token?.finish();
      return new Map(ids.filter((id) => !id.startsWith('missing')).map((id) => [id, `${name} of ${id}`]));
    },
  };
  return { kind, calls };
}

const budgetOf = (requests: number, windowMs = 60_000, backgroundSharePercent = 20) =>
  new UpstreamBudget(new MemoryTokenStore(), {
    requests,
    windowMs,
    deletes: 5,
    deleteWindowMs: 60_000,
    queueMax: 1_000,
    backgroundSharePercent,
  });

const soon = (ms = 60_000) => Date.now() + ms;
const ids = (count: number, prefix = 'link') => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

describe('the read scheduler', () => {
  it('sends asks made together as calls of at most maxPerCall ids, each caller getting its own answer', async () => {
    const { kind, calls } = recordingKind('employments');
    const scheduler = new ReadScheduler({ budget: budgetOf(80), maxPerCall: 50, callTimeoutMs: 1_000 });
    const answers = await Promise.all(
      ids(120).map((id) => scheduler.read(kind, id, { priority: 'push', deadline: soon() })),
    );
    expect(answers).toEqual(ids(120).map((id) => `employments of ${id}`));
    expect(calls.map((call) => call.ids.length)).toEqual([50, 50, 20]);
  });

  it('shares one ask among identical callers, and says undefined for what Belvo does not have', async () => {
    const { kind, calls } = recordingKind('link');
    const scheduler = new ReadScheduler({ budget: budgetOf(80), maxPerCall: 50, callTimeoutMs: 1_000 });
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, () =>
        scheduler.read(kind, 'a', { priority: 'interactive', deadline: soon() }),
      ),
      scheduler.read(kind, 'missing-1', { priority: 'push', deadline: soon() }),
    ]);
    expect(answers.slice(0, 10)).toEqual(Array(10).fill('link of a'));
    expect(answers[10]).toBeUndefined();
    expect(calls).toEqual([{ ids: ['a', 'missing-1'], priority: 'interactive' }]);
  });

  it('fills the next call with every ask that arrived while the budget had no token', async () => {
    const { kind, calls } = recordingKind('owners');
    const scheduler = new ReadScheduler({ budget: budgetOf(1, 300), maxPerCall: 50, callTimeoutMs: 1_000 });
    await scheduler.read(kind, 'first', { priority: 'push', deadline: soon() });
    // The only token is spent for 300 ms: these wait for it together, arriving one by one.
    const later: Array<Promise<unknown>> = [];
    for (const id of ids(30)) {
      later.push(scheduler.read(kind, id, { priority: 'push', deadline: soon() }));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(later);
    expect(calls.map((call) => call.ids.length)).toEqual([1, 30]);
  });

  it('sends a person’s read before push reads that waited longer, once a token frees', async () => {
    const links = recordingKind('link');
    const employments = recordingKind('employments');
    const scheduler = new ReadScheduler({ budget: budgetOf(1, 300), maxPerCall: 50, callTimeoutMs: 1_000 });
    await scheduler.read(employments.kind, 'spent', { priority: 'push', deadline: soon() });
    const pushes = ids(60).map((id) =>
      scheduler.read(employments.kind, id, { priority: 'push', deadline: soon() }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    const person = scheduler.read(links.kind, 'cold', { priority: 'interactive', deadline: soon() });
    await expect(person).resolves.toBe('link of cold');
    // The person's call went before any of the pushes' (which were asked first).
    expect(employments.calls).toHaveLength(1);
    await Promise.all(pushes);
    expect(links.calls).toEqual([{ ids: ['cold'], priority: 'interactive' }]);
    expect(employments.calls.slice(1).map((call) => call.ids.length)).toEqual([50, 10]);
  });

  it('fails an ask whose deadline passes while it waits, with a retry-after, and drops it from the call', async () => {
    const { kind, calls } = recordingKind('employments');
    const scheduler = new ReadScheduler({ budget: budgetOf(1, 400), maxPerCall: 50, callTimeoutMs: 1_000 });
    await scheduler.read(kind, 'spent', { priority: 'push', deadline: soon() });
    const late = scheduler.read(kind, 'late', { priority: 'push', deadline: Date.now() + 50 });
    const patient = scheduler.read(kind, 'patient', { priority: 'push', deadline: soon() });
    const error = await late.catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(BelvoError);
    expect((error as BelvoError).code).toBe(BelvoErrorCode.BELVO_BUDGET_EXHAUSTED);
    expect((error as BelvoError).retryAfterMs).toBeGreaterThanOrEqual(1_000);
    await expect(patient).resolves.toBe('employments of patient');
    expect(calls.map((call) => call.ids)).toEqual([['spent'], ['patient']]);
  });

  it('keeps background reads to their share of the budget: a flood of them cannot hold up a person', async () => {
    const { kind, calls } = recordingKind('link');
    // 10 calls per window, 20 % of them for background work: 2.
    const scheduler = new ReadScheduler({
      budget: budgetOf(10, 60_000),
      maxPerCall: 1,
      callTimeoutMs: 1_000,
    });
    const flood = ids(300, 'forged').map((id) =>
      scheduler.read(kind, id, { priority: 'background', deadline: Date.now() + 200 }).catch(() => 'refused'),
    );
    const person = await scheduler.read(kind, 'mine', { priority: 'interactive', deadline: soon() });
    expect(person).toBe('link of mine');
    const outcomes = await Promise.all(flood);
    expect(outcomes.filter((outcome) => outcome !== 'refused')).toHaveLength(2);
    expect(calls.filter((call) => call.priority === 'background')).toHaveLength(2);
  });

  it('gathers asks that arrive faster than the budget refills, instead of spending a token on each', async () => {
    const { kind, calls } = recordingKind('owners');
    // 4 calls per second sustained: asks arriving at two hundred per second are worth gathering.
    // Each arrives 5 ms after the one before by the scheduler's clock (ahead of the real one).
    let ahead = 0;
    const scheduler = new ReadScheduler({
      budget: budgetOf(40, 10_000),
      maxPerCall: 50,
      callTimeoutMs: 1_000,
      now: () => Date.now() + ahead,
    });
    const reads: Array<Promise<unknown>> = [];
    for (const id of ids(200)) {
      ahead += 5;
      reads.push(scheduler.read(kind, id, { priority: 'push', deadline: soon() }));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(reads);
    const perCall = calls.map((call) => call.ids.length);
    expect(perCall.reduce((a, b) => a + b, 0)).toBe(200);
    expect(calls.length).toBeLessThanOrEqual(20);
  });

  it('holds the first ask of a burst for the ones after it: a stream from quiet leaves as full calls', async () => {
    const { kind, calls } = recordingKind('link');
    // People's queries at ten a second, on the scheduler's clock, after a quiet night: none of
    // them is worth a call of its own, the first included.
    let ahead = 0;
    const scheduler = new ReadScheduler({
      budget: budgetOf(80, 30_000),
      maxPerCall: 50,
      callTimeoutMs: 1_000,
      now: () => Date.now() + ahead,
    });
    const reads: Array<Promise<unknown>> = [];
    for (const id of ids(150)) {
      reads.push(scheduler.read(kind, id, { priority: 'interactive', deadline: soon() }));
      await new Promise((resolve) => setImmediate(resolve));
      ahead += 100;
    }
    await Promise.all(reads);
    expect(calls.map((call) => call.ids.length)).toEqual([50, 50, 50]);
  });

  it('sends a lone ask after listening briefly for company', async () => {
    const { kind, calls } = recordingKind('link');
    const scheduler = new ReadScheduler({ budget: budgetOf(80), maxPerCall: 50, callTimeoutMs: 1_000 });
    const read = scheduler.read(kind, 'alone', { priority: 'interactive', deadline: soon() });
    await eventually(() => calls.length === 1);
    await expect(read).resolves.toBe('link of alone');
  });
});
