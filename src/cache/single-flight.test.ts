import { describe, expect, it, vi } from 'vitest';
import { SingleFlight } from './single-flight.js';

const read = (value: string) => async () => new Map([['key', value]]);

describe('single flight', () => {
  it('lets a read that arrives meanwhile join the flight', async () => {
    const flights = new SingleFlight();
    const led = flights.lead(['key'], read('a'));
    expect(await flights.get<string>('key')).toBe('a');
    await led;
    expect(flights.get('key')).toBeUndefined();
  });

  it('keeps a flight whose value was cached joinable for a while, then forgets it', async () => {
    const flights = new SingleFlight(50);
    await flights.lead(['key'], read('a'), () => true);
    expect(await flights.get<string>('key')).toBe('a');
    await vi.waitFor(() => expect(flights.get('key')).toBeUndefined());
  });
});
