import { describe, expect, it } from 'vitest';
import { ResponseCache } from './response-cache.js';

const limits = { maxEntries: 5, maxBodyCharacters: 1_000, maxTotalCharacters: 2_500 };

function fill(cache: ResponseCache, count: number, characters: number) {
  for (let i = 0; i < count; i++) {
    const { lookup } = cache.lookup(['principal', `query ${i}`]);
    cache.store(lookup, 'x'.repeat(characters), 'application/json');
  }
}

describe('the response cache', () => {
  it('holds at most its total of body characters, dropping the oldest answers first', () => {
    const cache = new ResponseCache(30_000, Date.now, limits);
    fill(cache, 10, 1_000);
    expect(cache.size).toEqual({ entries: 2, characters: 2_000 });
    expect(cache.lookup(['principal', 'query 9']).hit).toBeDefined();
    expect(cache.lookup(['principal', 'query 7']).hit).toBeUndefined();
  });

  it('holds at most its number of entries, and never an answer over the body limit', () => {
    const cache = new ResponseCache(30_000, Date.now, limits);
    fill(cache, 20, 10);
    expect(cache.size).toEqual({ entries: 5, characters: 50 });
    fill(cache, 1, 1_001);
    expect(cache.size.entries).toBe(5);
  });

  it('frees expired and replaced answers', () => {
    let now = 10_000; // lru-cache reads a start time of 0 as "never set"
    const cache = new ResponseCache(1_000, () => now, limits);
    fill(cache, 2, 100);
    fill(cache, 1, 300); // replaces "query 0"
    expect(cache.size).toEqual({ entries: 2, characters: 400 });
    now = 15_000;
    expect(cache.lookup(['principal', 'query 0']).hit).toBeUndefined();
    expect(cache.size).toEqual({ entries: 1, characters: 100 });
    cache.invalidate();
    expect(cache.size).toEqual({ entries: 0, characters: 0 });
  });
});
