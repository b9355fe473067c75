/**
 * The address a request came from, behind `trustedProxies` proxies that each append the address
 * they received the request from to `X-Forwarded-For`.
 *
 * Read right to left: the socket's peer is the nearest proxy, the right-most entry is what that
 * proxy saw, and so on. The sender is the entry the outermost trusted proxy wrote: the
 * `trustedProxies`-th from the right. Everything left of it was written by the sender or whoever it
 * relayed, and is not believed. With 0 trusted proxies the sender is the socket's peer and the
 * header is ignored. When the header holds fewer entries than that, some proxy did not append (or
 * the request did not come through them all): the sender is unknown (undefined), never guessed.
 * Several `X-Forwarded-For` headers are one list, in order (Node joins them with commas).
 */
export function forwardedSender(
  socketAddress: string | undefined,
  forwardedFor: string | readonly string[] | undefined,
  trustedProxies: number,
): string | undefined {
  if (trustedProxies === 0) return socketAddress;
  const hops = [forwardedFor ?? []]
    .flat()
    .join(',')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return hops[hops.length - trustedProxies];
}
