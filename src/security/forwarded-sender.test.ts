import { describe, expect, it } from 'vitest';
import { forwardedSender } from './forwarded-sender.js';

describe('the sender behind trusted proxies', () => {
  it('is the socket peer without trusted proxies, whatever the header says', () => {
    expect(forwardedSender('127.0.0.1', '10.0.0.1', 0)).toBe('127.0.0.1');
  });

  it('is the entry the outermost trusted proxy wrote: the n-th from the right', () => {
    const header = '198.51.100.1, 10.0.0.1,172.16.0.1';
    expect(forwardedSender('127.0.0.1', header, 1)).toBe('172.16.0.1');
    expect(forwardedSender('127.0.0.1', header, 2)).toBe('10.0.0.1');
    expect(forwardedSender('127.0.0.1', header, 3)).toBe('198.51.100.1');
  });

  it('is unknown when the header has fewer entries than trusted proxies', () => {
    expect(forwardedSender('127.0.0.1', '10.0.0.1', 2)).toBeUndefined();
    expect(forwardedSender('127.0.0.1', undefined, 1)).toBeUndefined();
    expect(forwardedSender('127.0.0.1', ' , ', 1)).toBeUndefined();
  });

  it('reads several headers as one list, in order', () => {
    expect(forwardedSender('127.0.0.1', ['198.51.100.1', '10.0.0.1, 172.16.0.1'], 3)).toBe('198.51.100.1');
  });
});
