import { sql, type Kysely } from 'kysely';
import { belvoExternalId, belvoName } from '../belvo/contract/identifiers.js';
import type { Database } from './schema.js';

/**
 * What the registry keeps of a Belvo link: ids and codes only. Each is kept only in the contract's
 * shape (a status or access mode a Belvo name, the external id the contract's pattern), else null:
 * a Belvo body is outside data, and the database holds no cédula or name.
 */
export interface LinkFacts {
  id: string;
  external_id?: string | null;
  access_mode?: string | null;
  status?: string | null;
  created_at?: string | null;
}

/** The `links` filters, answered from the registry (status and access mode as last seen). */
export interface OwnedLinksFilter {
  externalId?: string | null;
  status?: string | null;
  accessMode?: string | null;
  /** Inclusive calendar days (`YYYY-MM-DD`), compared in UTC like Belvo's `created_at__range`. */
  createdAt?: { from: string; to: string } | null;
}

export interface OwnedLinksPage {
  /** Newest first, each with the position to continue after. */
  links: Array<{ id: string; seq: string }>;
  totalCount: number;
  hasNextPage: boolean;
}

/**
 * Which principal created each link through the gateway. Never expires, never evicted: losing a row
 * would lock its tenant out of a person's data that still exists at Belvo. Reads of a link another
 * principal owns, or that nobody recorded, answer NOT_FOUND unless the caller is admin.
 */
export class LinkRegistry {
  constructor(private readonly db: Kysely<Database>) {}

  /** Idempotent: recording a link again (a replayed creation) keeps its first owner. */
  async record(link: LinkFacts, principalId: string): Promise<void> {
    await this.db
      .insertInto('links')
      .values({
        link_id: link.id,
        principal_id: principalId,
        external_id: belvoExternalId(link.external_id),
        access_mode: belvoName(link.access_mode),
        status: belvoName(link.status),
        created_at: link.created_at ? new Date(link.created_at) : new Date(),
      })
      .onConflict((conflict) => conflict.column('link_id').doNothing())
      .execute();
  }

  async ownersOf(linkIds: readonly string[]): Promise<Array<string | undefined>> {
    if (linkIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('links')
      .select(['link_id', 'principal_id'])
      .where('link_id', 'in', linkIds.filter(isUuid))
      .where('deleted_at', 'is', null)
      .execute();
    const owners = new Map(rows.map((row) => [row.link_id, row.principal_id]));
    return linkIds.map((id) => owners.get(id));
  }

  async has(linkId: string): Promise<boolean> {
    if (!isUuid(linkId)) return false;
    const row = await this.db
      .selectFrom('links')
      .select('link_id')
      .where('link_id', '=', linkId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** A principal's links, newest first, `first` after the position `afterSeq`. */
  async page(
    principalId: string,
    filter: OwnedLinksFilter,
    afterSeq: string | null,
    first: number,
  ): Promise<OwnedLinksPage> {
    let query = this.db
      .selectFrom('links')
      .where('principal_id', '=', principalId)
      .where('deleted_at', 'is', null);
    if (filter.externalId) query = query.where('external_id', '=', filter.externalId);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.accessMode) query = query.where('access_mode', '=', filter.accessMode);
    if (filter.createdAt) {
      query = query
        .where(sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')`, '>=', filter.createdAt.from)
        .where(sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')`, '<=', filter.createdAt.to);
    }
    const [rows, total] = await Promise.all([
      (afterSeq === null ? query : query.where('seq', '<', afterSeq))
        .select(['link_id', sql<string>`seq::text`.as('seq')])
        .orderBy('links.seq', 'desc')
        .limit(first + 1)
        .execute(),
      query.select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow(),
    ]);
    return {
      links: rows.slice(0, first).map((row) => ({ id: row.link_id, seq: row.seq })),
      totalCount: Number(total.count),
      hasNextPage: rows.length > first,
    };
  }

  /** Keeps the filterable facts in step with what Belvo last said; one statement, writing only what changed. */
  async noteSeen(links: readonly LinkFacts[]): Promise<void> {
    const seen = links.filter((link) => isUuid(link.id));
    if (seen.length === 0) return;
    const rows = sql.join(
      seen.map(
        (link) =>
          sql`(${link.id}::uuid, ${belvoName(link.status)}::text, ${belvoName(link.access_mode)}::text)`,
      ),
    );
    await sql`
      update links set status = seen.status, access_mode = seen.access_mode
      from (values ${rows}) as seen (link_id, status, access_mode)
      where links.link_id = seen.link_id
        and (links.status is distinct from seen.status or links.access_mode is distinct from seen.access_mode)`.execute(
      this.db,
    );
  }

  /**
   * The link is gone: from now on it is NOT_FOUND to every read and listing, but its row stays, so
   * that its owner resuming a subscription is told `LinkDeleted` (`deletedOwnerOf`) until retention
   * drops it (`pruneDeleted`).
   */
  async markDeleted(linkId: string): Promise<void> {
    if (!isUuid(linkId)) return;
    await this.db
      .updateTable('links')
      // Only who owned it is kept: the client's own reference goes with the rest.
      .set({ deleted_at: new Date(), external_id: null })
      .where('link_id', '=', linkId)
      .where('deleted_at', 'is', null)
      .execute();
  }

  /** Who owned the link, if it was deleted and its deletion is still kept. */
  async deletedOwnerOf(linkId: string): Promise<string | undefined> {
    if (!isUuid(linkId)) return undefined;
    const row = await this.db
      .selectFrom('links')
      .select('principal_id')
      .where('link_id', '=', linkId)
      .where('deleted_at', 'is not', null)
      .executeTakeFirst();
    return row?.principal_id;
  }

  /** Forgets links deleted before `before` (with their deletion notices, retention's next step). */
  async pruneDeleted(before: Date): Promise<number> {
    const result = await this.db.deleteFrom('links').where('deleted_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The column is a uuid: anything else could never match, and would make PostgreSQL throw. */
export const isUuid = (value: string) => UUID.test(value);
