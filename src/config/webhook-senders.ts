/** Who may post webhooks: the address ranges Belvo sends from, and how to find a sender behind proxies. */
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { Refusal, int, list } from './setting.js';

/**
 * A `WEBHOOK_ALLOWED_CIDRS` entry: an IPv4 range in dotted decimal (`203.0.113.0/24`), an IPv6
 * range (`2001:db8::/32`), or one address (a /32 or /128). Kept as ipaddr.js prints it, so the
 * config stays plain text; src/security/address-ranges.ts compiles it. ipaddr.js alone would also
 * take `10.1` or `0x0a000001` as an IPv4 address: a typo must not widen the list, so IPv4 must be
 * four decimal parts.
 */
function addressRange(entry: string): string {
  const cidr = entry.includes('/') ? entry : `${entry}/${ipaddr.IPv4.isIPv4(entry) ? 32 : 128}`;
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr) && !ipaddr.IPv6.isValidCIDR(cidr)) {
    throw new Refusal(
      `entries must be address ranges like 203.0.113.0/24 or 2001:db8::/32 (or single addresses), got "${entry}"`,
    );
  }
  const [address, prefix] = ipaddr.parseCIDR(cidr);
  return `${address.toString()}/${prefix}`;
}

const webhookSenders = z.object({
  allowedCidrs: list(
    'WEBHOOK_ALLOWED_CIDRS',
    addressRange,
    { shown: 'unset: any address' },
    "address ranges Belvo's webhooks may come from (IPv4 and IPv6 CIDR, comma-separated); others get 403 before the body is read (docs/webhooks.md)",
  ),
  trustedProxies: int(
    'WEBHOOK_TRUSTED_PROXIES',
    { default: 0, min: 0, max: 10 },
    "proxies in front of the gateway that each append to `X-Forwarded-For`: a webhook's sender is then the header's N-th entry from the right (0: the socket's peer; docs/webhooks.md)",
  ),
});

export type WebhookSendersConfig = z.infer<typeof webhookSenders>;

export const webhookSenderSettings = { webhookSenders };
