import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CircuitBreakers,
  endpointClassOf,
  type CircuitState,
  type EndpointClass,
} from './circuit-breaker.js';
import { BelvoError } from './errors.js';

const outage = () => new BelvoError('BELVO_API_ERROR', 'Belvo answered HTTP 500', { status: 500 });
const notFound = () => new BelvoError('BELVO_API_ERROR', 'Not found', { status: 404 });
const fail = (error: BelvoError) => () => Promise.reject(error);
const succeed = () => Promise.resolve('ok');

function deferred() {
  let resolve!: (value: string) => void;
  const promise = new Promise<string>((done) => (resolve = done));
  return { promise, resolve };
}

function breakers(threshold: number, cooldownMs = 60_000) {
  const changes: Array<[EndpointClass, CircuitState]> = [];
  const circuits = new CircuitBreakers(threshold, cooldownMs, (endpointClass, state) =>
    changes.push([endpointClass, state]),
  );
  return { circuits, changes };
}

describe('the circuit breakers around Belvo', () => {
  afterEach(() => vi.useRealTimers());

  it('stay open when a call that started before they opened succeeds late', async () => {
    const { circuits } = breakers(2);
    const slow = deferred();
    const late = circuits.run('links', () => slow.promise);
    for (let i = 0; i < 2; i++) await expect(circuits.run('links', fail(outage()))).rejects.toThrow();
    expect(circuits.state('links')).toBe('open');
    slow.resolve('ok');
    await expect(late).resolves.toBe('ok');
    expect(circuits.state('links')).toBe('open');
    await expect(circuits.run('links', succeed)).rejects.toMatchObject({ code: 'BELVO_CIRCUIT_OPEN' });
  });

  it('open for one failing endpoint class while another keeps succeeding', async () => {
    const { circuits, changes } = breakers(3);
    for (let i = 0; i < 3; i++) {
      await expect(circuits.run('employments', fail(outage()))).rejects.toThrow();
      await expect(circuits.run('links', succeed)).resolves.toBe('ok');
    }
    expect(circuits.state('employments')).toBe('open');
    expect(circuits.state('links')).toBe('closed');
    expect(changes).toEqual([['employments', 'open']]);
    const refused = await circuits.run('employments', succeed).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'BELVO_CIRCUIT_OPEN' });
    expect((refused as BelvoError).retryAfterMs).toBeGreaterThan(0);
  });

  it('never count an answer that proves Belvo is up (a 4xx)', async () => {
    const { circuits } = breakers(2);
    for (let i = 0; i < 5; i++) await expect(circuits.run('owners', fail(notFound()))).rejects.toThrow();
    expect(circuits.state('owners')).toBe('closed');
  });

  it('let one trial through after the cooldown, and close only when it succeeds', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { circuits, changes } = breakers(1, 10_000);
    await expect(circuits.run('links', fail(outage()))).rejects.toThrow();
    vi.setSystemTime(Date.now() + 10_001); // the cooldown, on the clock cockatiel reads
    let calls = 0;
    const trial = deferred();
    const first = circuits.run('links', () => (calls++, trial.promise));
    const second = circuits.run('links', () => (calls++, Promise.resolve('second')));
    expect(circuits.state('links')).toBe('half-open');
    trial.resolve('trial');
    await expect(first).resolves.toBe('trial');
    await expect(second).resolves.toBe('second');
    expect(calls).toBe(2); // the second waited for the trial instead of going along with it
    expect(changes.map(([, state]) => state)).toEqual(['open', 'half-open', 'closed']);
  });

  it('class endpoints by what they touch', () => {
    expect(endpointClassOf('/api/links/{id}/refresh/')).toBe('links');
    expect(endpointClassOf('/api/co/employments/')).toBe('employments');
    expect(endpointClassOf('/api/owners/{id}/')).toBe('owners');
    expect(endpointClassOf('/api/')).toBe('other');
  });
});
