import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * An address as a socket or a proxy writes it, or undefined when it is not one. IPv4 must be four
 * decimal parts (ipaddr.js alone also reads `10.1` or hex forms, which no proxy writes). An
 * IPv4-mapped IPv6 address (`::ffff:203.0.113.7`, what a dual-stack socket reports for an IPv4
 * peer) is read as the IPv4 address it carries, so IPv4 ranges match it.
 */
export function parseAddress(text: string): Address | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (!ipaddr.IPv6.isValid(text)) return undefined;
  const address = ipaddr.IPv6.parse(text);
  return address.isIPv4MappedAddress() ? address.toIPv4Address() : address;
}

/** Whether an address (as text) is in one of the ranges; an unreadable or missing address is in none. */
export type AddressMatcher = (address: string | undefined) => boolean;

/** Compiles ranges the config has already checked (src/config/webhook-senders.ts). */
export function addressMatcher(cidrs: readonly string[]): AddressMatcher {
  const ranges = cidrs.map((cidr) => ipaddr.parseCIDR(cidr));
  return (text) => {
    const address = text === undefined ? undefined : parseAddress(text);
    if (address === undefined) return false;
    // ipaddr.js throws when kinds differ: an IPv4 address is never in an IPv6 range, nor the reverse.
    return ranges.some(
      ([network, prefix]) => network.kind() === address.kind() && address.match(network, prefix),
    );
  };
}
