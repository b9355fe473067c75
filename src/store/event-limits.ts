/**
 * What keeps one link's events bounded however many webhooks arrive for it: a flood of 3,560
 * webhooks for one link in 30 s once became 3,560 rows kept for 30 days, and a new subscriber then
 * replayed 5,064 events (9.5 s).
 */
export interface EventLimits {
  /**
   * A webhook identical to the link's latest event (kind, process type, request id, external id,
   * count, error) received within this window is folded into it: remembered, so a redelivery is a
   * duplicate, but neither recorded again nor published. 0 turns folding off.
   */
  foldWindowMs: number;
  /** Events recorded per link per minute; beyond it a webhook is refused for a while (429). 0: no cap. */
  maxPerLinkPerMinute: number;
}

export const DEFAULT_EVENT_LIMITS: EventLimits = { foldWindowMs: 60_000, maxPerLinkPerMinute: 60 };

/**
 * A replay (or a resume) hands over at most this many of the link's latest events, plus its latest
 * event of each kind (so a late `historicalUpdate` or `linkReady` still sees both extractions).
 */
export const MAX_REPLAYED_EVENTS = 100;

/** The link's rate cap is reached: nothing was recorded, and Belvo should deliver it again later. */
export class LinkEventsCappedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`too many events for this link; retry in ${retryAfterSeconds} s`);
    this.name = 'LinkEventsCappedError';
  }
}
