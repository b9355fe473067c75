import { describe, expect, it } from 'vitest';
import { addressMatcher, parseAddress } from './address-ranges.js';

describe('address ranges', () => {
  const matches = addressMatcher(['10.0.0.0/8', '203.0.113.7/32', '2001:db8::/32']);

  it('match IPv4 and IPv6 addresses in their ranges, and nothing else', () => {
    expect(matches('10.255.0.1')).toBe(true);
    expect(matches('203.0.113.7')).toBe(true);
    expect(matches('203.0.113.8')).toBe(false);
    expect(matches('2001:db8:ffff::1')).toBe(true);
    expect(matches('2001:db9::1')).toBe(false);
  });

  it('read an IPv4-mapped IPv6 address (a dual-stack socket) as its IPv4 address', () => {
    expect(matches('::ffff:10.1.2.3')).toBe(true);
    expect(matches('::ffff:11.1.2.3')).toBe(false);
  });

  it('match no address that is unreadable or missing', () => {
    for (const text of [undefined, '', '10.1', '0x0a000001', '10.1.2.3:443', '[2001:db8::1]', 'unknown']) {
      expect(matches(text), String(text)).toBe(false);
    }
    expect(parseAddress('10.1')).toBeUndefined();
  });
});
