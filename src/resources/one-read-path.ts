/**
 * Why the root `employments(linkId)` and `owners(linkId)` are deprecated: the same data is read as
 * `link(id) { employments owners }`, and two paths put it under two keys of a client's normalised
 * cache, so a push that updates one leaves the other stale. Removed before 1.0.
 */
export const ONE_READ_PATH = (field: 'employments' | 'owners') =>
  `Read \`link(id) { ${field} }\`: one read path keeps a client's cache coherent. Removed before 1.0.`;
