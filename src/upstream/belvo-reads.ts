import type { BelvoClient, Item } from '../belvo/client.js';
import {
  INSTITUTION,
  type BelvoEmployment,
  type BelvoLink,
  type BelvoOwner,
} from '../belvo/contract/types.js';
import { InvalidItemError } from '../belvo/errors.js';
import type { ReadKind, ReadOptions, ReadScheduler } from './read-scheduler.js';

/** The employments Belvo stored for a link between two days (inclusive, `YYYY-MM-DD`). */
export interface RangeAsk {
  linkId: string;
  since: string;
  until: string;
}

/**
 * The reads the gateway makes of Belvo, each through the one scheduler: callers say what they
 * need and for whom; the scheduler decides how many links each call carries.
 */
export class BelvoReads {
  private readonly kinds: {
    link: ReadKind<string, Item<BelvoLink>>;
    employments: ReadKind<string, Array<Item<BelvoEmployment>>>;
    owners: ReadKind<string, Array<Item<BelvoOwner>>>;
    newEmployments: ReadKind<RangeAsk, Array<Item<BelvoEmployment>>>;
  };

  constructor(
    belvo: BelvoClient,
    private readonly scheduler: ReadScheduler,
    /** Told of links fresh from Belvo, so the registry's status stays current. */
    onLinksFetched: (links: BelvoLink[]) => Promise<void> = async () => {},
  ) {
    this.kinds = {
      link: {
        name: 'link',
        keyOf: (id) => id,
        fetch: async (ids, call) => {
          const links = await belvo.allLinks({ id__in: ids, institution: INSTITUTION }, call);
          await onLinksFetched(
            links.filter((link): link is BelvoLink => !(link instanceof InvalidItemError)),
          );
          // A link without a readable id reads as not found, which is all that can be said of it.
          const byId = new Map<string, Item<BelvoLink>>();
          for (const link of links) {
            const id = link instanceof InvalidItemError ? link.itemId : link.id;
            if (id !== undefined) byId.set(id, link);
          }
          return byId;
        },
      },
      employments: {
        name: 'employments',
        keyOf: (linkId) => linkId,
        fetch: async (linkIds, call) =>
          groupByLink(linkIds, await belvo.allEmployments({ link__in: linkIds }, call)),
      },
      owners: {
        name: 'owners',
        keyOf: (linkId) => linkId,
        fetch: async (linkIds, call) =>
          groupByLink(linkIds, await belvo.allOwners({ link__in: linkIds }, call)),
      },
      newEmployments: {
        name: 'new-employments',
        keyOf: ({ linkId, since, until }) => `${linkId}|${since}|${until}`,
        fetch: (asks, call) => fetchRanges(belvo, asks, call),
      },
    };
  }

  /** The link, an InvalidItemError when Belvo sent it malformed, or undefined when Belvo does not have it. */
  link(id: string, options: ReadOptions): Promise<Item<BelvoLink> | undefined> {
    return this.scheduler.read(this.kinds.link, id, options);
  }

  /** The link's employments; empty while extraction runs. */
  async employments(linkId: string, options: ReadOptions): Promise<Array<Item<BelvoEmployment>>> {
    return (await this.scheduler.read(this.kinds.employments, linkId, options)) ?? [];
  }

  async owners(linkId: string, options: ReadOptions): Promise<Array<Item<BelvoOwner>>> {
    return (await this.scheduler.read(this.kinds.owners, linkId, options)) ?? [];
  }

  /** What `new_employments_available` announces: the link's employments stored in the range. */
  async newEmployments(ask: RangeAsk, options: ReadOptions): Promise<Array<Item<BelvoEmployment>>> {
    return (await this.scheduler.read(this.kinds.newEmployments, ask, options)) ?? [];
  }
}

/**
 * Range reads of many links share one call over the union of their ranges (Belvo filters by day,
 * inclusive); each ask then keeps its own link's items stored within its own days.
 */
async function fetchRanges(
  belvo: BelvoClient,
  asks: RangeAsk[],
  call: Parameters<BelvoClient['allEmployments']>[1],
): Promise<Map<string, Array<Item<BelvoEmployment>>>> {
  const since = asks.map((ask) => ask.since).reduce((a, b) => (a < b ? a : b));
  const until = asks.map((ask) => ask.until).reduce((a, b) => (a > b ? a : b));
  const linkIds = [...new Set(asks.map((ask) => ask.linkId))];
  const byLink = groupByLink(
    linkIds,
    await belvo.allEmployments({ link__in: linkIds, created_at__range: [since, until] }, call),
  );
  return new Map(
    asks.map((ask) => [
      `${ask.linkId}|${ask.since}|${ask.until}`,
      (byLink.get(ask.linkId) ?? []).filter((item) => storedWithin(item, ask)),
    ]),
  );
}

/** Belvo returned it for the union's days; an item without a readable day is kept for every ask of its link. */
function storedWithin(item: Item<BelvoEmployment>, ask: RangeAsk): boolean {
  if (item instanceof InvalidItemError || !item.created_at) return true;
  const day = item.created_at.slice(0, 10);
  return day >= ask.since && day <= ask.until;
}

/**
 * Groups list results by their `link`, with an entry (maybe empty) for every requested link. An
 * item that failed its schema goes to its link when that much was readable (or when the call
 * asked for one link only); otherwise it belongs nowhere and is dropped (it was logged when read).
 */
export function groupByLink<T extends { link: string }>(
  ids: readonly string[],
  items: ReadonlyArray<T | InvalidItemError>,
): Map<string, Array<T | InvalidItemError>> {
  const groups = new Map<string, Array<T | InvalidItemError>>(ids.map((id) => [id, []]));
  for (const item of items) {
    const link =
      item instanceof InvalidItemError ? (item.linkId ?? (ids.length === 1 ? ids[0] : undefined)) : item.link;
    if (link !== undefined) groups.get(link)?.push(item);
  }
  return groups;
}
